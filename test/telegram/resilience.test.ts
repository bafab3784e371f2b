/**
 * Rate limits, refusals and network failures on outgoing calls: retried when a retry helps,
 * told apart in the logs, and never the end of the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import { isUnreachableChat } from "../../src/platforms/telegram/telegram-api.js";
import { dm, MIA, SALES, shown, startHarness, type Harness } from "./harness.js";

let h: Harness;
const tooMany = (seconds: number) => ({
  status: 429,
  body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } },
});
const blocked = { status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } };
const chatNotFound = { status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat not found" } };
const logged = (msg: string) => h.logs.filter((l) => l.msg === msg);

beforeAll(async () => {
  h = await startHarness();
  await h.say(SALES, MIA, "/start");
});
afterAll(async () => h?.close());

describe("outgoing calls", () => {
  it("wait for retry_after on a 429, then deliver", async () => {
    h.fake.script("sendMessage", tooMany(1));
    const calls = await h.say(SALES, MIA, "/help");
    const sends = calls.filter((c) => c.method === "sendMessage");
    expect(sends).toHaveLength(2);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(950);
    expect(h.last(SALES).text).toMatch(/Lead scoring bot/);
    expect(logged("Telegram call failed; retrying").some((l) => l.kind === "rate_limited" && l.retryInMs === 1000)).toBe(true);
  });

  it("give up at once when told to wait longer than is useful, and apologise", async () => {
    h.fake.script("sendMessage", tooMany(3600));
    const calls = await h.say(SALES, MIA, "/help");
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(2); // the refused reply, then the apology
    expect(shown(calls).pop()).toMatch(/Sorry, something went wrong/);
  });

  it("retry a network failure (no answer at all) after a short back-off", async () => {
    h.fake.script("sendMessage", { network: true });
    const calls = await h.say(SALES, MIA, "/digest");
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(2);
    expect(h.last(SALES).text).toMatch(/morning digests/);
    expect(logged("Telegram call failed; retrying").some((l) => l.kind === "network")).toBe(true);
  });

  it.each([
    ["a blocked bot (403)", blocked],
    ["a chat that is gone (400)", chatNotFound],
  ])("do not retry %s: it is logged as Telegram's refusal and the bot carries on", async (_name, refusal) => {
    h.fake.script("sendMessage", refusal);
    const calls = await h.say(SALES, MIA, "/help");
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
    const warning = logged("Telegram refused a call while handling an update").pop();
    expect(warning).toMatchObject({ kind: "refused", code: refusal.body.error_code, description: refusal.body.description, method: "sendMessage" });
    expect(shown(await h.say(SALES, MIA, "/help")).join()).toMatch(/Lead scoring bot/);
  });

  it("report a refusal from send() so delivery can tell a dead chat from a hiccup", async () => {
    h.fake.knowChat(dm(MIA));
    h.fake.script("sendMessage", blocked);
    const error = await h.handle.send(MIA.id, reply([{ type: "text", text: "Hot lead!" }])).catch((e: unknown) => e);
    expect(isUnreachableChat(error)).toBe(true);
    expect(isUnreachableChat(new Error("socket hang up"))).toBe(false);
  });
});
