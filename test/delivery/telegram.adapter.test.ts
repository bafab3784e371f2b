/**
 * The Telegram sender against the fake Bot API, through the real Telegram handle and the
 * outbox worker. The handle's own retries are off here so the outbox's are what is tested.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sender } from "../../src/delivery/delivery-error.js";
import { deliverDue } from "../../src/delivery/outbox.worker.js";
import { telegramSender } from "../../src/platforms/telegram/telegram.outbox.js";
import { SALES, startHarness, type Harness } from "../telegram/harness.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { advance, buildOutboxMessage, virtualTime } from "./helpers.js";

let h: Harness;
let team: TeamFixture;
let sender: Sender;
const GROUP = String(SALES.id);

beforeAll(async () => {
  h = await startHarness({ retry: { attempts: 1 } });
  h.fake.knowChat(SALES);
  team = await buildTeam(h.store.prisma);
  sender = telegramSender(h.handle);
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.store.prisma.outbox.deleteMany({});
  h.fake.calls.length = 0;
});

const sends = () => h.fake.callsTo("sendMessage");
const row = (id: number) => h.store.prisma.outbox.findUniqueOrThrow({ where: { id } });
const drain = (options = virtualTime(team)) => deliverDue(team.deps, { telegram: sender }, team.time.clock(), 10, options);

describe("Telegram delivery", () => {
  it("sends the alert to the group as HTML with its buttons", async () => {
    const message = await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
    expect(await drain()).toMatchObject({ sent: 1 });
    const last = h.last(SALES);
    expect(last.text).toContain("Lead");
    expect(last.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toContain("Claim");
    expect((await row(message.id)).status).toBe("sent");
  });

  it("waits for retry_after on a 429, then delivers once", async () => {
    const message = await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
    h.fake.script("sendMessage", {
      status: 429,
      body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 12", parameters: { retry_after: 12 } },
    });
    const options = virtualTime(team);
    const start = team.time.clock().getTime();
    expect(await drain(options)).toMatchObject({ retried: 1 });
    expect((await row(message.id)).nextAttemptAt.getTime()).toBe(start + 12_000);
    advance(team, 11_999);
    expect((await drain(options)).claimed).toBe(0);
    advance(team, 1);
    expect(await drain(options)).toMatchObject({ sent: 1 });
    expect(sends()).toHaveLength(2);
  });

  it("retries a server error, then delivers", async () => {
    const message = await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
    h.fake.script("sendMessage", { status: 502, body: { ok: false, error_code: 502, description: "Bad Gateway" } });
    expect(await drain()).toMatchObject({ retried: 1 });
    advance(team, 60_000);
    expect(await drain()).toMatchObject({ sent: 1 });
    expect(await row(message.id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it.each([
    ["the bot was blocked", { status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } }],
    ["the chat is gone", { status: 400, body: { ok: false, error_code: 400, description: "Bad Request: chat not found" } }],
  ])("fails at once when %s", async (_case, answer) => {
    const message = await buildOutboxMessage(team, { platform: "telegram", channel: GROUP });
    h.fake.script("sendMessage", answer);
    expect(await drain()).toMatchObject({ failed: 1 });
    advance(team, 86_400_000);
    await drain();
    expect(sends()).toHaveLength(1);
    expect(await row(message.id)).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringContaining("chat unreachable") });
  });
});
