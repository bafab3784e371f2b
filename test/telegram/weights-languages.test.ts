/**
 * `/weights` in the team's language, through the real telegraf bot and the fake Bot API
 * (README, "Languages"): a manager whose Telegram app is in Ukrainian says a change in
 * Ukrainian words, sees the preview, what-if and "did you mean" in Ukrainian with Ukrainian
 * buttons, and Confirm changes the weight. One change each in Russian, Polish and Romanian.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shown, startHarness, type Chat, type Harness, type User } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const person = (id: number, first_name: string, language_code: string): User & { language_code: string } => ({ id, is_bot: false, first_name, username: first_name.toLowerCase(), language_code });
const group = (id: number, title: string): Chat => ({ id, type: "supergroup", title });

const teamOf = async (chat: Chat) => (await h.store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "telegram", externalId: String(chat.id) } } })).teamId;
const points = async (chat: Chat, key: string) => (await h.store.prisma.rule.findFirstOrThrow({ where: { teamId: await teamOf(chat), key } })).points;
const pending = async (chat: Chat) => h.store.prisma.pendingRuleChange.count({ where: { teamId: await teamOf(chat) } });
const buttons = (chat: Chat) => h.last(chat).reply_markup?.inline_keyboard?.flat().map((b) => b.text) ?? [];

describe("/weights in Ukrainian words, from a manager whose Telegram is in Ukrainian", () => {
  const OLENA = person(4001, "Olena", "uk");
  const KYIV = group(-1004000000001, "Продажі Київ");

  beforeAll(async () => {
    await h.say(KYIV, OLENA, "/start");
    expect((await h.store.prisma.team.findUniqueOrThrow({ where: { id: await teamOf(KYIV) } })).locale).toBe("uk");
  });

  it("previews the change in Ukrainian with Ukrainian buttons, and Confirm changes the weight", async () => {
    expect(await points(KYIV, "demo_request")).toBe(40);
    const answer = shown(await h.say(KYIV, OLENA, "/weights зроби запит на демо 50 балів")).join("\n");
    expect(answer).toMatch(/^Попередній перегляд: .*demo_request/);
    expect(answer).toMatch(/Нічого не зміниться, доки ви не підтвердите\. Перегляд дійсний 30 хвилин\./);
    expect(answer).not.toMatch(/Preview|Nothing changes/);
    expect(buttons(KYIV)).toEqual(["Підтвердити", "Скасувати"]);
    expect(await points(KYIV, "demo_request")).toBe(40);

    const preview = h.last(KYIV);
    await h.press(OLENA, preview, "Підтвердити");
    expect(await points(KYIV, "demo_request")).toBe(50);
    expect(h.fake.message(KYIV.id, preview.message_id)?.text).toMatch(/^Olena.* змінив\(ла\) скоринг: .*demo_request[\s\S]*Скасувати: \/weights undo\./);
  });

  it("answers a what-if in Ukrainian and stores nothing", async () => {
    const before = await pending(KYIV);
    const answer = shown(await h.say(KYIV, OLENA, "/weights а що, якщо запит ціни буде 40?")).join("\n");
    expect(answer).toMatch(/^Що, якщо: .*quote_request/);
    expect(answer).toMatch(/Нічого не змінено: це лише сценарій «що, якщо»\./);
    expect(buttons(KYIV)).toEqual(["Внести цю зміну"]);
    expect(await pending(KYIV)).toBe(before);
    expect(await points(KYIV, "quote_request")).not.toBe(40);
  });

  it("asks back in Ukrainian, with a button per rule, when the words fit several rules", async () => {
    const answer = shown(await h.say(KYIV, OLENA, "/weights сторінка 20")).join("\n");
    expect(answer).toMatch(/може означати кілька правил\. Ви мали на увазі одне з цих\?/);
    expect(buttons(KYIV)).toEqual(expect.arrayContaining([expect.stringMatching(/\(pricing_page\)$/), expect.stringMatching(/\(careers_page\)$/)]));
    const before = await pending(KYIV);
    // A choice previews that rule, still in Ukrainian.
    await h.press(OLENA, h.last(KYIV), /\(pricing_page\)$/);
    expect(h.last(KYIV).text).toMatch(/^Попередній перегляд: .*pricing_page/);
    expect(await pending(KYIV)).toBe(before + 1);
  });

  it("says what it cannot read in Ukrainian", async () => {
    expect(shown(await h.say(KYIV, OLENA, "/weights демо")).join("\n")).toMatch(/^Скільки балів для «.*» \(demo_request, зараз \+50\)\?/);
  });
});

describe.each([
  { language: "ru", founder: person(4101, "Oleg", "ru"), say: "/weights поставь запрос демо 50 баллов", preview: /^Предпросмотр: /, confirm: "Подтвердить", cancel: "Отменить", done: /изменил\(а\) скоринг: / },
  { language: "pl", founder: person(4201, "Marta", "pl-PL"), say: "/weights ustaw demo na 50 punktów", preview: /^Podgląd: /, confirm: "Potwierdź", cancel: "Anuluj", done: /zmienił\(a\) scoring: / },
  { language: "ro", founder: person(4301, "Ioana", "ro"), say: "/weights setează cererea de demo la 50 de puncte", preview: /^Previzualizare: /, confirm: "Confirmă", cancel: "Anulează", done: /a schimbat scoringul: / },
])("/weights in words from a manager whose Telegram is in $language", ({ language, founder, say, preview, confirm, cancel, done }) => {
  const chat = group(-1004000000100 - founder.id, `Sales ${language}`);

  it("previews in that language and Confirm changes the weight", async () => {
    await h.say(chat, founder, "/start");
    expect((await h.store.prisma.team.findUniqueOrThrow({ where: { id: await teamOf(chat) } })).locale).toBe(language);
    expect(shown(await h.say(chat, founder, say)).join("\n")).toMatch(preview);
    expect(buttons(chat)).toEqual([confirm, cancel]);
    const message = h.last(chat);
    await h.press(founder, message, confirm);
    expect(await points(chat, "demo_request")).toBe(50);
    expect(h.fake.message(chat.id, message.message_id)?.text).toMatch(done);
  });
});
