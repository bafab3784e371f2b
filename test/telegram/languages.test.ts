/**
 * Languages through the real telegraf bot and the fake Bot API (README, "Languages"): a group
 * founded by someone whose Telegram app is in Ukrainian speaks Ukrainian, its alerts and digest
 * included; a Polish teammate reads the group's language there and Polish in private.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDue } from "../../src/delivery/outbox.worker.js";
import { telegramSender } from "../../src/platforms/telegram/telegram.outbox.js";
import { ingestEvents } from "../../src/services/ingest.service.js";
import { dm, shown, startHarness, type Chat, type Harness, type User } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const person = (id: number, first_name: string, language_code: string): User & { language_code: string } => ({ id, is_bot: false, first_name, username: first_name.toLowerCase(), language_code });
const OLENA = person(3001, "Olena", "uk");
const MAREK = person(3002, "Marek", "pl-PL");
const KYIV: Chat = { id: -1003000000001, type: "supergroup", title: "Продажі Київ" };

const teamId = async () => (await h.store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "telegram", externalId: String(KYIV.id) } } })).teamId;
const deliver = () => deliverDue(h.deps, { telegram: telegramSender(h.handle) });

describe("a group whose founder's Telegram is in Ukrainian", () => {
  it("starts its team in Ukrainian and answers the group in it", async () => {
    await h.say(KYIV, OLENA, "/start");
    expect((await h.store.prisma.team.findUniqueOrThrow({ where: { id: await teamId() } })).locale).toBe("uk");
    const help = shown(await h.say(KYIV, OLENA, "/help")).join("\n");
    expect(help).toMatch(/Бот скорингу лідів/);
    expect(help).toMatch(/\/lead · Знайти, додати, переглянути, забрати собі й призначити лідів\./);
  });

  it("posts a Ukrainian alert to the group, with Ukrainian buttons", async () => {
    const occurredAt = h.time.clock().toISOString();
    const result = await ingestEvents(h.deps, await teamId(), [
      { id: "oksana-demo", email: "oksana@agro.example", type: "demo_request", occurredAt },
      { id: "oksana-quote", email: "oksana@agro.example", type: "quote_request", occurredAt },
    ]);
    expect(result).toMatchObject({ accepted: 2 });
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const alert = h.last(KYIV);
    expect(alert.text).toMatch(/^Гарячий лід: .*\(#\d+\)\nБали: 70\nЕтап: MQL\nВідповідальний: нічий\nНаступний крок: Зателефонувати сьогодні/);
    expect(alert.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toEqual(["Забрати", "Записати дзвінок", "Відкласти на день"]);
  });

  it("posts the digest to the group in Ukrainian", async () => {
    await h.say(KYIV, OLENA, "/digest now");
    await deliver();
    expect(h.last(KYIV).text).toMatch(/^Ранковий дайджест · Продажі Київ · /);
  });

  it("answers a Polish teammate in Ukrainian in the group and in Polish in private", async () => {
    expect(shown(await h.say(KYIV, MAREK, "/help")).join("\n")).toMatch(/Бот скорингу лідів/);
    await h.say(dm(MAREK), MAREK, "/start");
    expect(shown(await h.say(dm(MAREK), MAREK, "/help")).join("\n")).toMatch(/Bot do scoringu leadów[\s\S]*\/lead · Wyszukuj, dodawaj/);
    // His own choice wins over his app's language.
    await h.say(dm(MAREK), MAREK, "/me language ro");
    expect(shown(await h.say(dm(MAREK), MAREK, "/help")).join("\n")).toMatch(/Bot de scoring al lead-urilor/);
  });
});

describe("a new group whose first speaker's Telegram is in Ukrainian", () => {
  const TARAS = person(3003, "Taras", "uk");
  const LVIV: Chat = { id: -1003000000002, type: "supergroup", title: "Продажі Львів" };

  it("is greeted with the setup message in Ukrainian, with Ukrainian buttons", async () => {
    const said = shown(await h.say(LVIV, TARAS, "/start"));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^Вітаю! Тепер цей чат — команда «Продажі Львів»/);
    expect(said[0]).toMatch(/Taras, ви налаштували команду, тож ви її адміністратор\./);
    expect(said[0]).toMatch(/Сповіщення про гарячі ліди й ранковий дайджест надходитимуть сюди\./);
    expect(said[0]).toMatch(/Дайджест: 09:00, пн–пт/);
    // What people type stays as typed.
    expect(said[0]).toMatch(/\/team role @name manager/);
    expect(said[0]).not.toMatch(/Welcome|Alerts|Digest|Time zone/);
    const setup = h.fake.messagesIn(LVIV.id).find((m) => /^Вітаю!/.test(m.text ?? ""))!;
    expect(setup.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toEqual(["Дайджест о 08:30", "Часовий пояс", "Учасники команди", "Довідка"]);
  });

  it("introduces the group in Ukrainian on a second /start", async () => {
    expect(shown(await h.say(LVIV, TARAS, "/start"))).toEqual([expect.stringMatching(/^Ця група — команда «Продажі Львів»\. Taras, ви тут адміністратор\./)]);
  });
});

// Russian, Polish and Romanian the same way: a group founded in the language, a lead's status
// asked in the group, and the group's alert and digest.
describe.each([
  { code: "ru", founderId: 3111, chatId: -1003000000011, status: /Балл: 70 · Горячий/, alert: /^Горячий лид: .*\(#\d+\)/, claim: "Взять себе", digest: /^Утренний дайджест · / },
  { code: "pl", founderId: 3112, chatId: -1003000000012, status: /Wynik: 70 · Gorący/, alert: /^Gorący lead: .*\(#\d+\)/, claim: "Biorę", digest: /^Poranny raport · / },
  { code: "ro", founderId: 3113, chatId: -1003000000013, status: /Scor: 70 · Fierbinte/, alert: /^Lead Fierbinte: .*\(#\d+\)/, claim: "Preiau", digest: /^Rezumatul de dimineață · / },
])("a group whose founder's Telegram is in $code", ({ code, founderId, chatId, status, alert, claim, digest }) => {
  const founder = person(founderId, `Founder${code}`, code);
  const group: Chat = { id: chatId, type: "supergroup", title: `Sales ${code}` };
  const groupTeam = async () => (await h.store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "telegram", externalId: String(chatId) } } })).teamId;

  it("answers /lead status, and posts the alert and the digest to the group, in its language", async () => {
    await h.say(group, founder, "/start");
    expect((await h.store.prisma.team.findUniqueOrThrow({ where: { id: await groupTeam() } })).locale).toBe(code);
    const occurredAt = h.time.clock().toISOString();
    const email = `lead-${code}@agro.example`;
    await ingestEvents(h.deps, await groupTeam(), [
      { id: `${code}-demo`, email, type: "demo_request", occurredAt },
      { id: `${code}-quote`, email, type: "quote_request", occurredAt },
    ]);
    expect(shown(await h.say(group, founder, `/lead status ${email}`)).join("\n")).toMatch(status);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    expect(h.last(group).text).toMatch(alert);
    expect(h.last(group).reply_markup?.inline_keyboard?.flat()[0]?.text).toBe(claim);
    await h.say(group, founder, "/digest now");
    await deliver();
    expect(h.last(group).text).toMatch(digest);
  });
});
