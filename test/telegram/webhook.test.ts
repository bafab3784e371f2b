/**
 * Webhook mode: updates arrive over HTTP at the bot's own server, each checked for the
 * secret token registered with setWebhook.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIA, SALES, startHarness, textMessage, type Harness } from "./harness.js";

const SECRET = "webhook-secret_0123456789";
const PATH = "/telegram/updates";
let h: Harness;
let nextUpdateId = 1;

const post = (update: unknown, headers: Record<string, string> = {}, path = PATH, method = "POST") =>
  fetch(`http://127.0.0.1:${h.handle.port}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(method === "POST" ? { body: JSON.stringify(update) } : {}),
  });
const command = (text: string) => ({ update_id: nextUpdateId++, message: textMessage(SALES, MIA, text) });
const footprint = async () => JSON.stringify(await Promise.all([h.store.prisma.team.count(), h.store.prisma.member.count(), h.store.prisma.lead.count()]));

beforeAll(async () => {
  h = await startHarness({
    config: {
      mode: "webhook",
      webhook: { url: `https://bot.example.com${PATH}`, path: PATH, port: 0, host: "127.0.0.1", secret: SECRET, secretDerived: false },
    },
  });
  h.fake.knowChat(SALES);
});
afterAll(async () => h?.close());

describe("webhook mode", () => {
  it("registers the webhook with its secret token instead of polling", () => {
    expect(h.fake.callsTo("setWebhook")[0]?.body).toMatchObject({
      url: `https://bot.example.com${PATH}`,
      secret_token: SECRET,
      allowed_updates: ["message", "callback_query", "chat_member", "my_chat_member"],
    });
    expect(h.fake.callsTo("getUpdates")).toEqual([]);
    expect(h.fake.callsTo("deleteWebhook")).toEqual([]);
  });

  it.each([
    ["without the secret-token header", {}],
    ["with a wrong secret token", { "x-telegram-bot-api-secret-token": "guessed-secret-0123456789" }],
    ["with the secret's prefix", { "x-telegram-bot-api-secret-token": SECRET.slice(0, -1) }],
  ])("rejects an update %s with 401 and changes nothing", async (_name, headers) => {
    const before = await footprint();
    const sent = h.fake.callsTo("sendMessage").length;
    const response = await post(command('/lead add "Injected Lead"'), headers);
    expect(response.status).toBe(401);
    expect(await footprint()).toBe(before);
    expect(h.fake.callsTo("sendMessage")).toHaveLength(sent);
  });

  it("answers only POSTs to its path", async () => {
    expect((await post(command("/help"), { "x-telegram-bot-api-secret-token": SECRET }, "/elsewhere")).status).toBe(404);
    expect((await post(undefined, { "x-telegram-bot-api-secret-token": SECRET }, PATH, "GET")).status).toBe(405);
    expect((await post("not an update", { "x-telegram-bot-api-secret-token": SECRET })).status).toBe(400);
  });

  it("handles an update with the right secret token before answering 200", async () => {
    const response = await post(command('/lead add "Real Lead" company="R&D <Ops>"'), { "x-telegram-bot-api-secret-token": SECRET });
    expect(response.status).toBe(200);
    expect(await h.store.prisma.lead.count({ where: { name: "Real Lead" } })).toBe(1);
    expect(h.last(SALES).text).toMatch(/Real Lead/);
  });
});
