/**
 * /qualify in the reader's language through the real telegraf bot and the fake Bot API: a
 * person whose Telegram app is in Ukrainian (Russian, Polish, Romanian) fills in the BANT form
 * in a private chat with the team's English group elsewhere: the questions and buttons are in
 * their language, answers typed in it are read, and the lead's answers are stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dm, MIA, SALES, shown, startHarness, type Harness, type User } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // An English team: what the person reads in private is their own language, not the team's.
  await h.say(SALES, MIA, "/start");
});
afterAll(async () => h?.close());

const person = (id: number, first_name: string, language_code: string): User & { language_code: string } => ({ id, is_bot: false, first_name, username: first_name.toLowerCase(), language_code });

async function newLead(name: string): Promise<number> {
  await h.say(SALES, MIA, `/lead add "${name}" email=${name.toLowerCase().replace(/\W+/g, ".")}@agro.example`);
  return (await h.store.prisma.lead.findFirstOrThrow({ where: { name }, select: { id: true } })).id;
}

const storedAnswers = async (leadId: number) =>
  Object.fromEntries((await h.store.prisma.qualification.findMany({ where: { leadId } })).map((q) => [q.dimension, q.note ? `${q.answer}: ${q.note}` : q.answer]));

/** Joins the English team in its group, then opens the private chat. */
async function joinAndOpen(who: User): Promise<void> {
  await h.say(SALES, who, "/start");
  await h.say(dm(who), who, "/start");
}

const labels = (message: ReturnType<Harness["last"]>) => message.reply_markup?.inline_keyboard?.flat().map((b) => b.text);

describe("/qualify for a person whose Telegram is in Ukrainian, in a private chat", () => {
  const OLENA = person(4001, "Olena", "uk");

  it("asks the BANT questions in Ukrainian with Ukrainian buttons, takes a typed «так», and stores the answers", async () => {
    const leadId = await newLead("Oksana Melnyk");
    await joinAndOpen(OLENA);
    // /lead status is another helper's to translate (commands/lead.ts): only that it answers about the lead.
    expect(shown(await h.say(dm(OLENA), OLENA, `/lead status #${leadId}`)).join("\n")).toMatch(/Oksana Melnyk/);

    await h.say(dm(OLENA), OLENA, `/qualify #${leadId}`);
    const question = h.last(dm(OLENA));
    expect(question.text).toMatch(/^BANT: Oksana Melnyk · 1\/4[\s\S]*Бюджет\? \(зараз: невідомо\)[\s\S]*Натисніть відповідь/);
    expect(labels(question)).toEqual(["Так", "Ні", "Невідомо", "✎ Примітка", "Пропустити", "Скасувати"]);

    await h.press(OLENA, question, "Так");
    expect(h.fake.message(dm(OLENA).id, question.message_id)?.text).toMatch(/2\/4[\s\S]*Бюджет: так[\s\S]*Повноваження\?/);
    await h.press(OLENA, h.fake.message(dm(OLENA).id, question.message_id)!, "Ні");
    expect(h.fake.message(dm(OLENA).id, question.message_id)?.text).toMatch(/3\/4[\s\S]*Повноваження: ні[\s\S]*Потреба\?/);

    await h.say(dm(OLENA), OLENA, "так");
    const timing = h.last(dm(OLENA));
    expect(timing.text).toMatch(/4\/4[\s\S]*Потреба: так[\s\S]*Терміни\?/);
    const done = shown(await h.press(OLENA, timing, "Невідомо")).join("\n");
    expect(done).toMatch(/BANT, #\d+ Oksana Melnyk: позитивних відповідей 2 з 4\./);
    expect(done).toMatch(/Бюджет ✓ · Повноваження ✗ · Потреба ✓ · Терміни \?/);
    expect(done).not.toMatch(/positive|Stage|Score/);

    expect(await storedAnswers(leadId)).toEqual({ budget: "yes", authority: "no", need: "yes", timing: "unknown" });
  });

  it("answers a press on a cancelled form in Ukrainian", async () => {
    const leadId = await newLead("Taras Bondar");
    await h.say(dm(OLENA), OLENA, `/qualify #${leadId}`);
    const question = h.last(dm(OLENA));
    // What /cancel itself says is worded by the platform's handler (telegram.handlers.ts), not converted here.
    await h.say(dm(OLENA), OLENA, "/cancel");
    const pressed = await h.press(OLENA, question, "Так");
    expect(pressed.find((c) => c.method === "answerCallbackQuery")?.body.text).toMatch(/Ця форма не ваша або вже завершилася/);
    expect(await storedAnswers(leadId)).toEqual({});
  });
});

describe.each([
  { code: "ru", id: 4002, name: "Irina", yes: "да", no: "нет", budget: /Бюджет\?/, buttons: ["Да", "Нет", "Неизвестно", "✎ Примечание", "Пропустить", "Отмена"], unknown: "Неизвестно", result: /положительных ответов 2 из 4/ },
  { code: "pl-PL", id: 4003, name: "Marek", yes: "tak", no: "nie", budget: /Budżet\?/, buttons: ["Tak", "Nie", "Nie wiadomo", "✎ Notatka", "Pomiń", "Anuluj"], unknown: "Nie wiadomo", result: /pozytywnych odpowiedzi 2 z 4/ },
  { code: "ro", id: 4004, name: "Ioana", yes: "da", no: "nu", budget: /Buget\?/, buttons: ["Da", "Nu", "Necunoscut", "✎ Notă", "Sari peste", "Anulează"], unknown: "Necunoscut", result: /2 din 4 răspunsuri pozitive/ },
])("/qualify for a person whose Telegram is in $code, in a private chat", ({ code, id, name, yes, no, budget, buttons, unknown, result }) => {
  it(`asks in their language and reads the typed "${yes}" and "${no}"`, async () => {
    const who = person(id, name, code);
    const leadId = await newLead(`${name} Lead`);
    await joinAndOpen(who);
    await h.say(dm(who), who, `/qualify #${leadId}`);
    const question = h.last(dm(who));
    expect(question.text).toMatch(budget);
    expect(labels(question)).toEqual(buttons);

    await h.press(who, question, buttons[0]!); // budget: yes
    await h.say(dm(who), who, `${no}: ${name}`); // authority: no, with a note
    await h.say(dm(who), who, yes); // need: yes
    const done = shown(await h.press(who, h.last(dm(who)), unknown)).join("\n"); // timing: unknown
    expect(done).toMatch(result);
    expect(await storedAnswers(leadId)).toEqual({ budget: "yes", authority: `no: ${name}`, need: "yes", timing: "unknown" });
  });
});
