/**
 * What the Telegram transport says itself, in the reader's language, through the real telegraf
 * bot and the fake Bot API: a form answer typed in the person's language in the team's English
 * group, what /cancel says (the team's language in the group, the person's in private), the
 * pop-up of a button that no longer works, and the private notice to an admin when the bot is
 * removed from the group, what an anonymous group admin hears, and how someone left in the
 * offer of their leads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import { deliverDue } from "../../src/delivery/outbox.worker.js";
import { telegramSender } from "../../src/platforms/telegram/telegram.outbox.js";
import type { RecordedCall } from "./fake-telegram.js";
import { BOT_USER, dm, memberUpdate, MIA, SALES, shown, startHarness, type Chat, type Harness, type User } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // An English team in its group.
  await h.say(SALES, MIA, "/start");
});
afterAll(async () => h?.close());

const person = (id: number, first_name: string, language_code: string): User & { language_code: string } => ({ id, is_bot: false, first_name, username: first_name.toLowerCase(), language_code });
const OLENA = person(5001, "Olena", "uk");
const popup = (calls: RecordedCall[]) => calls.find((c) => c.method === "answerCallbackQuery")?.body as { text?: string; show_alert?: boolean } | undefined;
const inChat = (calls: RecordedCall[], chat: Chat | User) => shown(calls.filter((c) => Number(c.body.chat_id) === chat.id));

async function newLead(name: string): Promise<number> {
  await h.say(SALES, MIA, `/lead add "${name}" company=Agro`);
  return (await h.store.prisma.lead.findFirstOrThrow({ where: { name }, select: { id: true } })).id;
}

describe("a Ukrainian-speaking rep in the team's English group", () => {
  beforeAll(async () => {
    await h.say(SALES, OLENA, "/start");
    await h.say(dm(OLENA), OLENA, "/start");
  });

  it("has a form answer typed in Ukrainian understood, while the group reads the form and /cancel in English", async () => {
    const leadId = await newLead("Petro Koval");
    await h.say(SALES, OLENA, `/qualify #${leadId}`);
    const question = h.last(SALES);
    expect(question.text).toMatch(/Budget\?/); // the group reads the team's language

    // A reply to the question (privacy mode lets the bot see replies to its own messages).
    await h.say(SALES, OLENA, "ні: бюджет заморожено", question);
    expect(h.last(SALES).text).toMatch(/2\/4[\s\S]*Budget: no ✎ бюджет заморожено[\s\S]*Authority\?/);

    expect(inChat(await h.say(SALES, OLENA, "/cancel"), SALES)).toEqual(["Stopped the form. Nothing was saved."]);
    expect(await h.store.prisma.qualification.count({ where: { leadId } })).toBe(0);
  });

  it("hears /cancel in Ukrainian in her private chat", async () => {
    const leadId = await newLead("Iryna Shevchuk");
    await h.say(dm(OLENA), OLENA, `/qualify #${leadId}`);
    expect(inChat(await h.say(dm(OLENA), OLENA, "/cancel"), OLENA)).toEqual(["Форму зупинено. Нічого не збережено."]);
    expect(inChat(await h.say(dm(OLENA), OLENA, "/cancel"), OLENA)).toEqual(["Немає форми, яку можна скасувати."]);
  });

  it("reads the pop-up of an expired or unknown button in Ukrainian", async () => {
    await h.handle.send(SALES.id, reply([{ type: "actions", actions: [{ label: "Old", command: `/lead status ${"x".repeat(80)}` }] }]));
    const message = h.last(SALES);
    await h.store.prisma.chatCallback.deleteMany();
    expect(popup(await h.press(OLENA, message, "Old"))).toMatchObject({ show_alert: true, text: "Термін дії цієї кнопки минув. Виконайте команду ще раз." });

    const unknown = { ...message, reply_markup: { inline_keyboard: [[{ text: "??", callback_data: "zz-unknown" }]] } };
    expect(popup(await h.press(OLENA, unknown, "??"))).toMatchObject({ show_alert: true, text: "Ця кнопка більше не працює. Виконайте команду ще раз." });
  });
});

describe("the bot removed from a group", () => {
  it("tells an admin who chose Polish in Polish", async () => {
    const chat: Chat = { id: -1003000000001, type: "supergroup", title: "Kraków" };
    const marek: User = { id: 5002, is_bot: false, first_name: "Marek", username: "marek" };
    await h.say(chat, marek, "/start");
    await h.say(dm(marek), marek, "/start");
    await h.say(dm(marek), marek, "/me language pl");

    const calls = await h.update(memberUpdate(chat, marek, BOT_USER, { from: "member", to: "kicked" }));
    const told = inChat(calls, marek).join("\n");
    expect(told).toMatch(/Usunięto mnie z grupy zespołu „Kraków”/);
    expect(told).not.toMatch(/removed|paused/);
  });
});

describe("an anonymous admin", () => {
  it("is told in the team's language that the bot cannot tell who they are", async () => {
    const chat: Chat = { id: -1003000000002, type: "supergroup", title: "Київ" };
    // A team starts in its founder's app language.
    await h.say(chat, person(5003, "Taras", "uk"), "/start");
    const anonymous = { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };
    await h.update({ message: { message_id: 9001, date: 0, chat, from: anonymous, sender_chat: chat, text: "/lead add Ghost", entities: [{ type: "bot_command", offset: 0, length: 5 }] } });
    expect(h.last(chat).text).toBe("Поки ви пишете анонімно, я не знаю, хто ви. Щоб працювати зі мною, вимкніть «Анонімність» у своїх правах адміністратора.");
  });
});

describe("someone removed from a Ukrainian team's group", () => {
  it("is said to have been removed, by whom, in the offer of their leads", async () => {
    const chat: Chat = { id: -1003000000003, type: "supergroup", title: "Львів" };
    const admin = person(5004, "Andrii", "uk");
    const rep = person(5005, "Oksana", "uk");
    await h.say(chat, admin, "/start");
    await h.say(dm(admin), admin, "/start");
    await h.say(chat, rep, `/lead add "Bohdan Lysenko" company=Agro`);
    const lead = await h.store.prisma.lead.findFirstOrThrow({ where: { name: "Bohdan Lysenko" } });
    await h.say(chat, rep, `/lead claim #${lead.id}`);

    await h.update(memberUpdate(chat, admin, rep, { from: "member", to: "kicked" }));
    await deliverDue(h.deps, { telegram: telegramSender(h.handle) });
    expect(h.last(dm(admin)).text).toMatch(/Oksana: видалено з групи \(видалив\(ла\) Andrii\), тож доступ припинено/);
  });
});
