/**
 * Inline buttons: each press runs as the person who pressed, and is always answered.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import { MAX, MIA, RITA, SALES, shown, startHarness, type Harness } from "./harness.js";
import type { RecordedCall } from "./fake-telegram.js";

let h: Harness;
let leadId: number;
const answerOf = (calls: RecordedCall[]) => {
  const answers = calls.filter((c) => c.method === "answerCallbackQuery");
  expect(answers).toHaveLength(1);
  return answers[0]!.body as { text?: string; show_alert?: boolean };
};
const memberId = async (name: string) => (await h.store.prisma.member.findFirstOrThrow({ where: { displayName: name } })).id;
const demoPoints = async () => (await h.store.prisma.rule.findFirstOrThrow({ where: { key: "demo_request" } })).points;

beforeAll(async () => {
  h = await startHarness();
  await h.say(SALES, MIA, "/start");
  await h.say(SALES, MAX, "/start");
  await h.say(SALES, RITA, "/start");
  await h.store.prisma.member.updateMany({ where: { displayName: "Max Manager" }, data: { role: "manager" } });
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.say(SALES, MIA, `/lead add "Jana Novak ${Date.now()}" company=Acme`);
  leadId = (await h.store.prisma.lead.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
});

describe("outcome buttons", () => {
  it("log the call as the person who pressed, and the question becomes the answer", async () => {
    await h.say(SALES, MIA, `/log #${leadId}`);
    const menu = h.last(SALES);
    expect(menu.text).toMatch(/How did the call/);

    const calls = await h.press(RITA, menu, "Meeting booked");
    expect(answerOf(calls).show_alert).toBeFalsy();
    const logs = await h.store.prisma.callLog.findMany({ where: { leadId } });
    expect(logs.map((l) => [l.outcome, l.memberId])).toEqual([["meeting_booked", await memberId("Rita Rep")]]);
    expect(h.fake.message(SALES.id, menu.message_id)?.text).toMatch(/Logged meeting booked for #\d+/);
    expect(h.fake.message(SALES.id, menu.message_id)?.reply_markup).toBeUndefined();
  });
});

describe("weights confirmation", () => {
  let preview: ReturnType<Harness["last"]>;
  let before: number;
  beforeEach(async () => {
    before = await demoPoints();
    await h.say(SALES, MIA, `/weights demo_request ${before + 5}`);
    preview = h.last(SALES);
    expect(preview.text).toMatch(/^Preview:/);
  });

  it("refuses a rep who presses Confirm, in the pop-up, and changes nothing", async () => {
    const calls = await h.press(RITA, preview, "Confirm");
    expect(answerOf(calls)).toMatchObject({ show_alert: true, text: expect.stringMatching(/Only managers and admins/) });
    expect(calls.filter((c) => c.method !== "answerCallbackQuery")).toEqual([]);
    expect(await demoPoints()).toBe(before);
    expect(h.fake.message(SALES.id, preview.message_id)?.text).toBe(preview.text);
  });

  it("refuses another manager pressing the asking manager's Confirm or Cancel, and changes nothing", async () => {
    for (const label of ["Confirm", "Cancel"]) {
      const calls = await h.press(MAX, preview, label);
      expect(answerOf(calls)).toMatchObject({ show_alert: true, text: expect.stringMatching(/Only the manager who asked/) });
    }
    expect(await demoPoints()).toBe(before);
    expect(await h.store.prisma.pendingRuleChange.count({ where: { status: "pending", member: { displayName: "Mia Manager" } } })).toBeGreaterThan(0);
  });

  it("applies the change when the asking manager confirms, once", async () => {
    const changes = await h.store.prisma.ruleChange.count();
    const calls = await h.press(MIA, preview, "Confirm");
    expect(answerOf(calls).show_alert).toBeFalsy();
    expect(await demoPoints()).toBe(before + 5);
    expect(await h.store.prisma.ruleChange.count()).toBe(changes + 1);
    expect(h.fake.message(SALES.id, preview.message_id)?.text).toMatch(/Scoring changed by Mia Manager/);

    // A second press on the old buttons (a double tap) changes nothing more.
    const again = await h.press(MIA, preview, "Confirm");
    expect(answerOf(again).show_alert).toBe(true);
    expect(await h.store.prisma.ruleChange.count()).toBe(changes + 1);
  });
});

describe("alert buttons (Claim, Log call)", () => {
  it("run as the presser and answer below the alert, which stays as it was", async () => {
    await h.handle.send(
      SALES.id,
      reply(
        [
          { type: "header", text: `🔥 Jana is hot (#${leadId})` },
          { type: "actions", actions: [{ label: "Claim", command: `/lead claim #${leadId}` }, { label: "Log call", command: `/log #${leadId}` }] },
        ],
        { visibility: "channel" },
      ),
    );
    const alert = h.last(SALES);

    const claimed = await h.press(RITA, alert, "Claim");
    answerOf(claimed);
    expect((await h.store.prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).ownerId).toBe(await memberId("Rita Rep"));
    const posted = claimed.find((c) => c.method === "sendMessage");
    expect(posted?.body.reply_parameters).toMatchObject({ message_id: alert.message_id });
    expect(shown(claimed).join()).toMatch(/Rita Rep claimed/);
    expect(claimed.some((c) => c.method === "editMessageText")).toBe(false);

    const logCall = await h.press(MIA, alert, "Log call");
    answerOf(logCall);
    expect(h.last(SALES).reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toContain("Meeting booked");
    expect(h.fake.message(SALES.id, alert.message_id)?.reply_markup?.inline_keyboard?.flat()).toHaveLength(2);
  });
});

describe("callback data", () => {
  it("keeps a command too long for a button in the database, where it survives a restart", async () => {
    const name = `A lead whose name is far too long to ride inside a Telegram button ${leadId}`;
    await h.handle.send(SALES.id, reply([{ type: "actions", actions: [{ label: "Add it", command: `/lead add "${name}" company=Acme` }] }]));
    const message = h.last(SALES);
    const data = message.reply_markup!.inline_keyboard![0]![0]!.callback_data!;
    expect(data).toMatch(/^r#[\w-]{12}$/);

    await h.restart();
    const calls = await h.press(RITA, message, "Add it");
    answerOf(calls);
    expect(await h.store.prisma.lead.count({ where: { name } })).toBe(1);
  });

  it("says so when a stored command has expired", async () => {
    await h.handle.send(SALES.id, reply([{ type: "actions", actions: [{ label: "Old", command: `/lead status ${"x".repeat(80)}` }] }]));
    const message = h.last(SALES);
    await h.store.prisma.chatCallback.deleteMany();
    const calls = await h.press(RITA, message, "Old");
    expect(answerOf(calls)).toMatchObject({ show_alert: true, text: expect.stringMatching(/expired/) });
  });

  it("answers a press on a button it does not know", async () => {
    const message = { ...h.last(SALES), reply_markup: { inline_keyboard: [[{ text: "??", callback_data: "zz-unknown" }]] } };
    const calls = await h.press(RITA, message, "??");
    expect(answerOf(calls)).toMatchObject({ show_alert: true, text: expect.stringMatching(/no longer works/) });
  });

  it("still answers the press when handling it fails, and keeps going", async () => {
    await h.say(SALES, RITA, `/qualify #${leadId}`);
    const question = h.last(SALES);
    // Telegram down for editing: every retry fails with a 500.
    const down = { status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } };
    h.fake.script("editMessageText", down, down, down, down);
    const calls = await h.press(RITA, question, "Yes");
    expect(answerOf(calls)).toMatchObject({ show_alert: true, text: expect.stringMatching(/Sorry, something went wrong/) });
    expect(h.logs.some((l) => l.msg === "failed to handle a Telegram update" && l.kind === "server")).toBe(true);
    // The answer was saved but not shown; pressing again shows where the form is.
    const again = await h.press(RITA, question, "Yes");
    expect(answerOf(again).text).toMatch(/here is the current one/);
    expect(h.fake.message(SALES.id, question.message_id)?.text).toMatch(/Authority\?/);
    const next = await h.say(SALES, RITA, "/help");
    expect(shown(next).join()).toMatch(/Lead scoring bot/);
  });
});
