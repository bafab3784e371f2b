/**
 * The step-by-step /qualify form, its state in the database across a restart.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dm, MIA, RITA, SALES, shown, startHarness, type Harness } from "./harness.js";
import type { RecordedCall } from "./fake-telegram.js";

let h: Harness;
let leadId: number;
const answers = async () =>
  Object.fromEntries(
    (await h.store.prisma.qualification.findMany({ where: { leadId }, orderBy: { dimension: "asc" } })).map((q) => [q.dimension, q.note ? `${q.answer}: ${q.note}` : q.answer]),
  );
const popup = (calls: RecordedCall[]) => calls.find((c) => c.method === "answerCallbackQuery")?.body.text;

beforeAll(async () => {
  h = await startHarness();
  await h.say(SALES, MIA, "/start");
  await h.say(SALES, RITA, "/start");
  await h.say(dm(RITA), RITA, "/start");
});
afterAll(async () => h?.close());
beforeEach(async () => {
  await h.say(SALES, MIA, `/lead add "Jana Novak ${Date.now()}" company="R&D <Ops>"`);
  leadId = (await h.store.prisma.lead.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
});

describe("the step-by-step BANT form", () => {
  it("asks one question per dimension, survives a restart in the middle, takes a typed note, and saves at the end", async () => {
    await h.say(SALES, RITA, `/qualify #${leadId}`);
    const question = h.last(SALES);
    expect(question.text).toMatch(/BANT for Jana Novak .* · 1\/4[\s\S]*Budget\?/);
    expect(question.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toEqual(["Yes", "No", "Unknown", "✎ Note", "Skip", "Cancel"]);

    await h.press(RITA, question, "Yes");
    expect(h.fake.message(SALES.id, question.message_id)?.text).toMatch(/2\/4[\s\S]*Budget: yes[\s\S]*Authority\?/);
    expect(await h.store.prisma.chatFlow.count()).toBe(1);
    expect(await answers()).toEqual({}); // nothing is saved before the end

    await h.restart();

    const asked = h.fake.message(SALES.id, question.message_id)!;
    await h.press(RITA, asked, "No");
    expect(h.fake.message(SALES.id, question.message_id)?.text).toMatch(/3\/4[\s\S]*Authority: no[\s\S]*Need\?/);

    // ✎ Note opens the reply box (privacy mode lets the bot see replies to its own messages).
    await h.press(RITA, h.fake.message(SALES.id, question.message_id)!, "✎ Note");
    const prompt = h.last(SALES);
    expect(prompt.reply_markup).toMatchObject({ force_reply: true });
    expect(prompt.text).toMatch(/your note on Need\?/);
    await h.say(SALES, RITA, 'Replacing Excel, "urgent" <really>', prompt);
    const requestion = h.last(SALES);
    expect(requestion.text).toMatch(/3\/4[\s\S]*Need\?[\s\S]*✎ Replacing Excel, "urgent" <really>/);
    expect(h.fake.message(SALES.id, question.message_id)?.reply_markup).toBeUndefined(); // the old copy's buttons are gone

    await h.press(RITA, requestion, "Yes");
    const done = await h.press(RITA, h.fake.message(SALES.id, requestion.message_id)!, "Unknown");
    expect(shown(done).join()).toMatch(/BANT for #\d+ Jana Novak.*: 2\/4 positive/);
    expect(await answers()).toEqual({ authority: "no", budget: "yes", need: `yes: Replacing Excel, 'urgent' <really>`, timing: "unknown" });
    expect(await h.store.prisma.chatFlow.count()).toBe(0);
    const captured = await h.store.prisma.qualification.findFirstOrThrow({ where: { leadId }, include: { lead: true } });
    expect(captured.capturedBy).toBe((await h.store.prisma.member.findFirstOrThrow({ where: { displayName: "Rita Rep" } })).id);
  });

  it("takes typed answers with notes in a private chat, and skips what is skipped", async () => {
    await h.say(dm(RITA), RITA, `/qualify #${leadId}`);
    await h.say(dm(RITA), RITA, "no - budget frozen until May");
    await h.press(RITA, h.last(dm(RITA)), "Skip");
    await h.say(dm(RITA), RITA, "yes");
    const done = await h.say(dm(RITA), RITA, "unknown");
    expect(shown(done).join()).toMatch(/1\/4 positive/);
    expect(await answers()).toEqual({ budget: "no: budget frozen until May", need: "yes", timing: "unknown" });
  });

  it("ends on /cancel without saving anything", async () => {
    await h.say(SALES, RITA, `/qualify #${leadId}`);
    const question = h.last(SALES);
    await h.press(RITA, question, "Yes");
    const calls = await h.say(SALES, RITA, "/cancel");
    expect(shown(calls).join()).toMatch(/Stopped the form. Nothing was saved/);
    expect(await h.store.prisma.chatFlow.count()).toBe(0);
    expect(await answers()).toEqual({});
    const stale = await h.press(RITA, question, "No");
    expect(popup(stale)).toMatch(/has ended/);
    expect(shown(await h.say(SALES, RITA, "/cancel")).join()).toMatch(/no form in progress/);
  });

  it("does not let someone else answer a person's form", async () => {
    await h.say(SALES, RITA, `/qualify #${leadId}`);
    const question = h.last(SALES);
    const calls = await h.press(MIA, question, "Yes");
    expect(popup(calls)).toMatch(/not yours/);
    expect(h.fake.message(SALES.id, question.message_id)?.text).toBe(question.text);
    await h.say(SALES, RITA, "/cancel");
  });

  it("ignores group chatter that is not a reply to the bot while a form is open", async () => {
    await h.say(SALES, RITA, `/qualify #${leadId}`);
    expect(await h.say(SALES, RITA, "yes")).toEqual([]);
    const flow = await h.store.prisma.chatFlow.findFirstOrThrow();
    expect((flow.state as { step: number }).step).toBe(0);
    await h.say(SALES, RITA, "/cancel");
  });

  it("keeps one form per person per chat: a new /qualify replaces the old one", async () => {
    await h.say(SALES, RITA, `/qualify #${leadId}`);
    const first = h.last(SALES);
    await h.say(SALES, RITA, `/qualify #${leadId}`);
    expect(await h.store.prisma.chatFlow.count()).toBe(1);
    expect(popup(await h.press(RITA, first, "Yes"))).toMatch(/not yours, or it has ended/);
    await h.say(SALES, RITA, "/cancel");
  });
});
