/**
 * Hostile Telegram updates through the real webhook: broken Unicode, absurd depth and size,
 * garbage button data. Each gets a clear answer or a refusal, nothing is stored that should
 * not be, and the bot goes on serving the next update.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIA, SALES, startHarness, textMessage, type Harness } from "../telegram/harness.js";

const SECRET = "webhook-secret_0123456789";
const PATH = "/telegram/updates";
let h: Harness;
let nextUpdateId = 1;

const post = (body: string) =>
  fetch(`http://127.0.0.1:${h.handle.port}${PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body,
  });
const command = (text: string) => JSON.stringify({ update_id: nextUpdateId++, message: textMessage(SALES, MIA, text) });

beforeAll(async () => {
  h = await startHarness({
    config: { mode: "webhook", webhook: { url: `https://bot.example.com${PATH}`, path: PATH, port: 0, host: "127.0.0.1", secret: SECRET, secretDerived: false } },
  });
  h.fake.knowChat(SALES);
  expect((await post(command("/help"))).status).toBe(200);
});
afterAll(async () => h?.close());

describe("hostile Telegram updates", () => {
  it.each([
    ["a NUL", '/lead add "Ni\u0000na" email=nina@example.com'],
    ["half an emoji", '/lead add "Nina \ud83d" email=nina@example.com'],
  ])("answers a command holding %s with a clear reason and stores nothing", async (_, text) => {
    const response = await post(command(text));
    expect(response.status).toBe(200);
    expect(h.last(SALES).text).toMatch(/character I can't store/);
    expect(await h.store.prisma.lead.count({ where: { email: "nina@example.com" } })).toBe(0);
  });

  it("refuses an update nested 100,000 levels deep or over a megabyte, then serves the next one", async () => {
    const deep = `{"update_id":${nextUpdateId++},"message":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}}`;
    expect([200, 400]).toContain((await post(deep)).status);
    const huge = command(`/lead add "${"x".repeat(1_100_000)}"`);
    expect((await post(huge)).status).toBe(413);
    expect((await post(command('/lead add "After Storm" email=after@example.com'))).status).toBe(200);
    expect(await h.store.prisma.lead.count({ where: { email: "after@example.com" } })).toBe(1);
  });

  it("answers a button press with garbage data in a pop-up and changes nothing", async () => {
    const before = await h.store.prisma.lead.count();
    const press = {
      update_id: nextUpdateId++,
      callback_query: { id: "cb-1", from: MIA, chat_instance: "x", data: "\ud800".repeat(30), message: { message_id: 1, date: 0, chat: SALES, text: "old" } },
    };
    expect((await post(JSON.stringify(press))).status).toBe(200);
    const answer = h.fake.callsTo("answerCallbackQuery").at(-1);
    expect(answer?.body).toMatchObject({ callback_query_id: "cb-1", show_alert: true });
    expect(String((answer?.body as { text?: string }).text)).toMatch(/no longer works/);
    expect(await h.store.prisma.lead.count()).toBe(before);
  });
});
