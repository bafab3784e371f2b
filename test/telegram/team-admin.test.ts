/**
 * Running a team from its Telegram group, through the real transport against the fake Bot API:
 * roles, people leaving (the group says so) or removed, approval of newcomers, the setup
 * message and alerts of a new group, and the bot itself removed from the group. Each test has
 * its own group and people, so they do not depend on their order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import { deliverDue, INACTIVE_TEAM } from "../../src/delivery/outbox.worker.js";
import { telegramSender } from "../../src/platforms/telegram/telegram.outbox.js";
import { ingestEvents } from "../../src/services/ingest.service.js";
import { auditWords } from "../support/audit.js";
import type { RecordedCall } from "./fake-telegram.js";
import { BOT_USER, dm, joinedMessage, leftMessage, memberUpdate, shown, startHarness, textMessage, type Chat, type Harness, type User } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

let nextId = 3000;
const person = (first_name: string, last_name: string): User => ({ id: nextId++, is_bot: false, first_name, last_name, username: first_name.toLowerCase() });
let nextGroup = 1;
const group = (title: string): Chat => ({ id: -1002000000000 - nextGroup++, type: "supergroup", title });

const teamOf = async (chat: Chat) =>
  (await h.store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "telegram", externalId: String(chat.id) } } })).teamId;
const memberOf = async (chat: Chat, who: User) =>
  h.store.prisma.member.findUniqueOrThrow({ where: { teamId_platform_externalId: { teamId: await teamOf(chat), platform: "telegram", externalId: String(who.id) } } });
const popup = (calls: RecordedCall[]) => calls.find((c) => c.method === "answerCallbackQuery")?.body as { text?: string; show_alert?: boolean };
const inChat = (calls: RecordedCall[], chat: Chat | User) => shown(calls.filter((c) => Number(c.body.chat_id) === chat.id));
const documents = (calls: RecordedCall[]) => calls.filter((c) => c.method === "sendDocument");
/** A message in the group with one button running `command`, as alerts and answers carry them. */
async function buttonIn(chat: Chat, label: string, command: string) {
  await h.handle.send(chat.id, reply([{ type: "actions", actions: [{ label, command }] }], { visibility: "channel" }));
  return h.last(chat);
}
/** Events that make a lead hot (40 + 30 ≥ 60), as the ingestion API would store them. */
async function makeHot(chat: Chat, email: string) {
  const occurredAt = h.time.clock().toISOString();
  const result = await ingestEvents(h.deps, await teamOf(chat), [
    { id: `${email}-demo`, email, type: "demo_request", occurredAt },
    { id: `${email}-quote`, email, type: "quote_request", occurredAt },
  ]);
  expect(result).toMatchObject({ accepted: 2 });
}
const deliver = () => deliverDue(h.deps, { telegram: telegramSender(h.handle) });
const labels = (message: { reply_markup?: { inline_keyboard?: Array<Array<{ text: string }>> } }) => message.reply_markup?.inline_keyboard?.flat().map((b) => b.text) ?? [];
const NO_LONGER = /You are no longer on team “[^”]+”/;

it("asks Telegram for membership updates when it polls", async () => {
  const poll = await h.fake.waitFor((c) => c.method === "getUpdates");
  expect(poll.body.allowed_updates).toEqual(expect.arrayContaining(["message", "callback_query", "chat_member", "my_chat_member"]));
});

describe("roles", () => {
  it("an admin makes @taras a manager, and Taras can then change weights", async () => {
    const chat = group("Roles");
    const mia = person("Mia", "Admin");
    // Named in Cyrillic: only the @username he chose says "taras".
    const taras = { ...person("Тарас", "Шевченко"), username: "Taras" };
    await h.say(chat, mia, "/start");
    await h.say(chat, taras, "/help");

    const refused = await h.say(chat, taras, "/weights demo_request 45");
    expect(inChat(refused, chat).join()).toMatch(/Only managers and admins/);

    const changed = await h.say(chat, mia, "/team role @taras manager");
    expect(inChat(changed, chat).join()).toMatch(/Тарас Шевченко is now a manager \(was a rep\), set by Mia Admin/);
    expect((await memberOf(chat, taras)).role).toBe("manager");

    await h.say(chat, taras, "/weights demo_request 45");
    const preview = h.last(chat);
    expect(preview.text).toMatch(/^Preview:/);
    await h.press(taras, preview, "Confirm");
    const rule = await h.store.prisma.rule.findFirstOrThrow({ where: { teamId: await teamOf(chat), key: "demo_request" } });
    expect(rule.points).toBe(45);
    expect(h.fake.message(chat.id, preview.message_id)?.text).toMatch(/Scoring changed by Тарас Шевченко/);
  });
});

describe("roles, continued", () => {
  it("refuses demoting or removing the team's last admin, who stays admin", async () => {
    const chat = group("One admin");
    const mia = person("Mia", "Admin");
    const rita = person("Rita", "Rep");
    await h.say(chat, mia, "/start");
    await h.say(chat, rita, "/help");

    expect(inChat(await h.say(chat, mia, "/team role @mia rep"), chat).join()).toMatch(/Mia Admin is the team's only admin\. Make someone else an admin first/);
    expect(inChat(await h.say(chat, mia, "/team remove @mia"), chat).join()).toMatch(/Mia Admin is the team's only admin/);
    expect(await memberOf(chat, mia)).toMatchObject({ role: "admin", status: "active" });
    // Still an admin in deed: she can change who may join.
    expect(inChat(await h.say(chat, mia, "/team join approval"), chat).join()).toMatch(/Newcomers now wait for an admin's approval/);
  });

  it("names someone by a text mention (no @username) exactly, where their first name alone asks who was meant", async () => {
    const chat = group("Mentions");
    const mia = person("Mia", "Admin");
    // Neither has a @username; the admin picks one from Telegram's mention list.
    const shevchenko: User = { id: nextId++, is_bot: false, first_name: "Тарас", last_name: "Шевченко" };
    const koval: User = { id: nextId++, is_bot: false, first_name: "Тарас", last_name: "Коваль" };
    await h.say(chat, mia, "/start");
    await h.say(chat, shevchenko, "/help");
    await h.say(chat, koval, "/help");

    // Typed, the first name fits both: who did you mean, one button each.
    const asked = await h.say(chat, mia, "/team role Тарас manager");
    expect(inChat(asked, chat).join()).toMatch(/"Тарас" could be 2 people\. Who did you mean\?/);
    const choice = h.last(chat);
    expect(labels(choice)).toEqual(["Тарас Шевченко", "Тарас Коваль"]);

    // Mentioned, it is exactly the one picked.
    const line = "/team role Тарас manager";
    const mentioned = textMessage(chat, mia, line);
    const entities = [...(mentioned.entities ?? []), { type: "text_mention", offset: line.indexOf("Тарас"), length: "Тарас".length, user: shevchenko }];
    const changed = await h.update({ message: { ...mentioned, entities } });
    expect(inChat(changed, chat).join()).toMatch(/Тарас Шевченко is now a manager \(was a rep\), set by Mia Admin/);
    expect(await memberOf(chat, shevchenko)).toMatchObject({ role: "manager" });
    expect(await memberOf(chat, koval)).toMatchObject({ role: "rep" });

    // The choice's button names the other one.
    expect(inChat(await h.press(mia, choice, "Тарас Коваль"), chat).join()).toMatch(/Тарас Коваль is now a manager/);
    expect(await memberOf(chat, koval)).toMatchObject({ role: "manager" });
  });
});

describe("someone who is no longer on the team", () => {
  /** Refused in the group, in their private chat, on a button and on an export, and nothing ran. */
  async function expectRefusedEverywhere(chat: Chat, who: User) {
    const inGroup = await h.say(chat, who, "/lead list all");
    expect(inChat(inGroup, chat)).toEqual([expect.stringMatching(NO_LONGER)]);

    const privately = await h.say(dm(who), who, "/lead list all");
    expect(inChat(privately, who)).toEqual([expect.stringMatching(NO_LONGER)]);

    const button = await buttonIn(chat, "Team", "/team members");
    const pressed = await h.press(who, button, "Team");
    expect(popup(pressed)).toMatchObject({ show_alert: true, text: expect.stringMatching(NO_LONGER) });
    expect(pressed.filter((c) => c.method === "sendMessage")).toEqual([]);

    for (const where of [chat, dm(who)]) {
      const exported = await h.say(where, who, "/lead export");
      expect(documents(exported)).toEqual([]);
      expect(shown(exported)).toEqual([expect.stringMatching(NO_LONGER)]);
    }
  }

  it("is refused everywhere once they leave the group, and back as a rep when they return", async () => {
    const chat = group("Leavers");
    const mia = person("Mia", "Admin");
    const rita = person("Rita", "Rep");
    await h.say(chat, mia, "/start");
    await h.say(chat, rita, "/lead add \"Jana Novak\" company=Acme");
    await h.say(dm(rita), rita, "/start");
    // Before leaving, the private chat works (so what follows is the leaving, not the chat).
    expect(shown(await h.say(dm(rita), rita, "/lead list all")).join()).toMatch(/Jana Novak/);

    const lead = await h.store.prisma.lead.findFirstOrThrow({ where: { teamId: await teamOf(chat), name: "Jana Novak" } });
    await h.say(chat, rita, `/lead claim #${lead.id}`);

    await h.update(memberUpdate(chat, rita, rita, { from: "member", to: "left" }));
    const left = await memberOf(chat, rita);
    expect(left.status).toBe("removed");
    expect(auditWords(await h.store.prisma.auditEntry.findFirst({ where: { teamId: left.teamId, action: "member_left" } }))).toBe("Rita Rep left the group");
    await expectRefusedEverywhere(chat, rita);

    // Mia never opened a private chat with the bot: the offer of Rita's lead cannot reach her there.
    expect(await deliver()).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    // Her lead waits for an admin's choice: /team members shows it, /team give leaves it unclaimed.
    expect(inChat(await h.say(chat, mia, "/team members"), chat).join()).toMatch(/No longer on the team[\s\S]*Rita Rep \(@rita\) · rep · Telegram · active [^·]+ · 1 lead · removed/);
    expect(inChat(await h.say(chat, mia, "/team give @rita nobody"), chat).join()).toMatch(/1 open lead of Rita Rep is now unclaimed/);
    expect((await h.store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerId).toBeNull();

    // Added back: a rep again, and their commands run.
    await h.update(memberUpdate(chat, mia, rita, { from: "left", to: "member" }));
    expect(await memberOf(chat, rita)).toMatchObject({ status: "active", role: "rep" });
    expect(shown(await h.say(dm(rita), rita, "/lead list all")).join()).toMatch(/Jana Novak/);
  });

  it("offers the open leads of someone who left the group to each admin privately, once, and one tap gives them all", async () => {
    const chat = group("Leavers' leads");
    const mia = person("Mia", "Admin");
    const max = person("Max", "Admin");
    const olga = person("Olga", "Rep");
    const ivan = person("Ivan", "Rep");
    await h.say(chat, mia, "/start");
    await h.say(chat, max, "/help");
    await h.say(chat, mia, "/team role @max admin");
    await h.say(chat, ivan, "/help");
    await h.say(dm(mia), mia, "/start");
    await h.say(dm(max), max, "/start");
    for (const name of ["Petra Svoboda", "Karel Novak"]) await h.say(chat, olga, `/lead add "${name}" company=Acme`);
    const teamId = await teamOf(chat);
    const leads = await h.store.prisma.lead.findMany({ where: { teamId }, orderBy: { id: "asc" } });
    for (const lead of leads) await h.say(chat, olga, `/lead claim #${lead.id}`);

    // Olga leaves by herself: nothing is said in the group, each admin is asked privately.
    const leaving = await h.update(memberUpdate(chat, olga, olga, { from: "member", to: "left" }));
    expect(leaving.filter((c) => c.method === "sendMessage")).toEqual([]);
    const groupBefore = h.fake.messagesIn(chat.id).length;
    expect(await deliver()).toMatchObject({ sent: 2, failed: 0 });
    expect(h.fake.messagesIn(chat.id)).toHaveLength(groupBefore);
    for (const admin of [mia, max]) {
      const offer = h.last(dm(admin));
      expect(offer.text).toMatch(/^Olga Rep is no longer on team “Leavers' leads”\nOlga Rep left the group, so their access ended; their history stays\.\nOlga Rep owned 2 open leads\. Give them all to:/);
      expect(labels(offer)).toEqual(["Mia Admin", "Max Admin", "Ivan Rep", "Leave unclaimed"]);
    }

    // Telegram reports the same departure again (the group's service message): nobody is asked twice.
    await h.update(leftMessage(chat, olga, olga));
    expect(await deliver()).toMatchObject({ claimed: 0 });
    expect(await h.store.prisma.outbox.count({ where: { teamId, kind: "notice" } })).toBe(2);

    // Max taps "Ivan Rep" in his private chat: both leads are Ivan's, and the offer says so.
    const offer = h.last(dm(max));
    const given = await h.press(max, offer, "Ivan Rep");
    expect(inChat(given, max).join()).toMatch(/2 open leads of Olga Rep now belong to Ivan Rep/);
    const ivanId = (await memberOf(chat, ivan)).id;
    expect((await h.store.prisma.lead.findMany({ where: { teamId }, orderBy: { id: "asc" } })).map((l) => l.ownerId)).toEqual([ivanId, ivanId]);
    expect(auditWords(await h.store.prisma.auditEntry.findFirst({ where: { teamId, action: "leads_reassigned" } }))).toBe("2 open leads of Olga Rep given to Ivan Rep");
  });

  it("is refused once the group's service message says an admin removed them (no chat_member update)", async () => {
    const chat = group("Service messages");
    const mia = person("Mia", "Admin");
    const olek = person("Olek", "Rep");
    await h.say(chat, mia, "/start");
    await h.say(chat, olek, "/help");
    await h.update(leftMessage(chat, mia, olek));
    expect(await memberOf(chat, olek)).toMatchObject({ status: "removed" });
    expect(inChat(await h.say(chat, olek, "/help"), chat)).toEqual([expect.stringMatching(NO_LONGER)]);
    await h.update(joinedMessage(chat, mia, [olek]));
    expect(await memberOf(chat, olek)).toMatchObject({ status: "active", role: "rep" });
  });

  it("/team remove ends access at once everywhere, and their leads go to someone in one tap", async () => {
    const chat = group("Removals");
    const mia = person("Mia", "Admin");
    const olga = person("Olga", "Rep");
    const ivan = person("Ivan", "Rep");
    await h.say(chat, mia, "/start");
    await h.say(chat, ivan, "/help");
    await h.say(chat, olga, "/lead add \"Petra Svoboda\" company=Acme");
    const lead = await h.store.prisma.lead.findFirstOrThrow({ where: { teamId: await teamOf(chat), name: "Petra Svoboda" } });
    await h.say(chat, olga, `/lead claim #${lead.id}`);
    await h.say(chat, olga, `/log #${lead.id} connected`);
    await h.say(dm(olga), olga, "/start");
    expect((await h.store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerId).toBe((await memberOf(chat, olga)).id);

    const removed = await h.say(chat, mia, "/team remove @olga");
    expect(inChat(removed, chat).join("\n")).toMatch(/Olga Rep is no longer on the team[\s\S]*owned 1 open lead/);
    const offer = h.last(chat);
    expect(offer.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toEqual(expect.arrayContaining(["Ivan Rep", "Leave unclaimed"]));
    await expectRefusedEverywhere(chat, olga);

    const given = await h.press(mia, offer, "Ivan Rep");
    expect(inChat(given, chat).join()).toMatch(/1 open lead of Olga Rep now belongs to Ivan Rep/);
    expect((await h.store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerId).toBe((await memberOf(chat, ivan)).id);
    // Her history stays.
    expect(inChat(await h.say(chat, mia, `/lead status #${lead.id}`), chat).join()).toMatch(/call connected \(Olga Rep\)/);
  });
});

describe("/team remove and open forms", () => {
  it("ends the removed person's forms in every chat: their answers, the form's buttons and /cancel are refused, nothing saved", async () => {
    const chat = group("Forms");
    const mia = person("Mia", "Admin");
    const olga = person("Olga", "Rep");
    await h.say(chat, mia, "/start");
    await h.say(chat, olga, "/help");
    await h.say(dm(olga), olga, "/start");
    await h.say(chat, mia, "/lead add \"Karel Capek\" company=Robots");
    const teamId = await teamOf(chat);
    const lead = await h.store.prisma.lead.findFirstOrThrow({ where: { teamId, name: "Karel Capek" } });
    await h.say(chat, olga, `/qualify #${lead.id}`);
    const question = h.last(chat);
    expect(labels(question)).toContain("Yes");
    await h.say(dm(olga), olga, `/qualify #${lead.id}`);
    const forms = () => h.store.prisma.chatFlow.count({ where: { teamId, userId: String(olga.id) } });
    expect(await forms()).toBe(2);

    await h.say(chat, mia, "/team remove @olga");
    expect(await forms()).toBe(0);

    const pressed = await h.press(olga, question, "Yes");
    expect(popup(pressed)).toMatchObject({ show_alert: true, text: expect.stringMatching(NO_LONGER) });
    expect(pressed.filter((c) => c.method === "editMessageText")).toEqual([]);
    expect(inChat(await h.say(dm(olga), olga, "yes"), olga)).toEqual([expect.stringMatching(NO_LONGER)]);
    expect(inChat(await h.say(chat, olga, "/cancel"), chat)).toEqual([expect.stringMatching(NO_LONGER)]);
    expect(await h.store.prisma.qualification.count({ where: { leadId: lead.id } })).toBe(0);
  });
});

describe("approval mode", () => {
  it("holds a newcomer's command until an admin approves, then runs it and shows its answer in the group", async () => {
    const chat = group("Approvals");
    const mia = person("Mia", "Admin");
    const rita = person("Rita", "Rep");
    const nina = person("Nina", "Newcomer");
    await h.say(chat, mia, "/start");
    await h.say(chat, rita, "/help");
    await h.say(chat, mia, "/lead add \"Ada Lovelace\" company=Analytical");
    expect(inChat(await h.say(chat, mia, "/team join approval"), chat).join()).toMatch(/Newcomers now wait for an admin's approval/);

    const asked = await h.say(chat, nina, "/lead list all");
    const said = inChat(asked, chat);
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/You asked to join team “Approvals”/);
    expect(said[1]).toMatch(/Nina Newcomer wants to join the team\. Their first command, \/lead list all, runs once approved/);
    expect(said.join()).not.toMatch(/Ada Lovelace/);
    const request = h.last(chat);
    expect((await memberOf(chat, nina)).status).toBe("pending");

    // Asking again does not ask the admins again.
    expect(inChat(await h.say(chat, nina, "/help"), chat)).toEqual([expect.stringMatching(/An admin needs to approve you first/)]);

    // A rep's press is refused by the service; nothing runs.
    const byRep = await h.press(rita, request, "Approve");
    expect(popup(byRep)).toMatchObject({ show_alert: true, text: expect.stringMatching(/Only the team's admins/) });
    expect((await memberOf(chat, nina)).status).toBe("pending");

    const approved = await h.press(mia, request, "Approve");
    const answers = inChat(approved, chat);
    expect(answers[0]).toMatch(/Nina Newcomer joined the team as a rep \(approved by Mia Admin\)/);
    expect(answers.slice(1).join()).toMatch(/Ada Lovelace/);
    expect((await memberOf(chat, nina)).status).toBe("active");
    // Now a member: her commands run.
    expect(inChat(await h.say(chat, nina, "/lead list all"), chat).join()).toMatch(/Ada Lovelace/);
  });
});

describe("a new group", () => {
  it("is greeted with the setup message, and gets its first hot alert with no extra command", async () => {
    const chat = group("Fresh sales");
    const mia = person("Mia", "Admin");
    const first = await h.say(chat, mia, "/start");
    const welcome = inChat(first, chat);
    expect(welcome).toHaveLength(1);
    expect(welcome[0]).toMatch(/Welcome! This chat is now the team “Fresh sales”/);
    expect(welcome[0]).toMatch(/Hot-lead alerts and the morning digest will be posted here/);
    expect(welcome[0]).toMatch(/Digest: 09:00 on Mon–Fri[\s\S]*Time zone: UTC/);
    expect(welcome[0]).toMatch(/Make someone a manager \(they can tune the scoring\) with \/team role @name manager/);
    const setup = h.fake.messagesIn(chat.id).find((m) => /^Welcome!/.test(m.text ?? ""))!;
    expect(labels(setup)).toEqual(["Digest at 08:30", "Time zone", "Team members", "Help"]);
    expect(popup(await h.press(mia, setup, "Time zone"))).toMatchObject({ text: expect.stringMatching(/Which time zone\? e\.g\. \/team timezone Europe\/Kyiv/) });
    // Only once.
    expect(inChat(await h.say(chat, mia, "/start"), chat)).toEqual([expect.stringMatching(/This group is the team “Fresh sales”. Mia Admin, you are an admin here/)]);

    await makeHot(chat, "hot@fresh.example");
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const alert = h.last(chat);
    expect(alert.text).toMatch(/^Hot lead: .*\(#\d+\)\nScore: 70/);
    expect(alert.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toContain("Claim");
  });

  it("shows the setup message before the answer to a first command other than /start", async () => {
    const chat = group("Straight to work");
    const mia = person("Mia", "Admin");
    const said = inChat(await h.say(chat, mia, "/lead list all"), chat);
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/^Welcome! This chat is now the team/);
    expect(said[1]).not.toMatch(/Welcome/);
  });
});

describe("the bot removed from the group", () => {
  it("makes the team inactive, tells its admins privately, delivers nothing more there, and resumes when added back", async () => {
    const chat = group("Kicked");
    const mia = person("Mia", "Admin");
    const max = person("Max", "Admin");
    await h.say(chat, mia, "/start");
    await h.say(chat, max, "/help");
    await h.say(chat, mia, "/team role @max admin");
    await h.say(dm(mia), mia, "/start"); // Max never opened a private chat with the bot.

    const calls = await h.update(memberUpdate(chat, max, BOT_USER, { from: "member", to: "kicked" }));
    const teamId = await teamOf(chat);
    expect((await h.store.prisma.team.findUniqueOrThrow({ where: { id: teamId } })).active).toBe(false);
    expect(inChat(calls, mia).join()).toMatch(/I was removed from the group of “Kicked”[\s\S]*paused/);
    expect(calls.filter((c) => c.method === "sendMessage" && Number(c.body.chat_id) === chat.id)).toEqual([]);
    // A second report of the same removal (the service message) tells nobody again.
    const again = await h.update(leftMessage(chat, max, BOT_USER));
    expect(again.filter((c) => c.method === "sendMessage")).toEqual([]);

    await makeHot(chat, "late@kicked.example");
    const before = h.fake.messagesIn(chat.id).length;
    expect(await deliver()).toMatchObject({ sent: 0, failed: 1 });
    expect(h.fake.messagesIn(chat.id)).toHaveLength(before);
    const queued = await h.store.prisma.outbox.findFirstOrThrow({ where: { teamId, kind: "alert" } });
    expect(queued).toMatchObject({ status: "failed", lastError: INACTIVE_TEAM });

    await h.update(memberUpdate(chat, mia, BOT_USER, { from: "left", to: "member" }));
    expect((await h.store.prisma.team.findUniqueOrThrow({ where: { id: teamId } })).active).toBe(true);
    await makeHot(chat, "back@kicked.example");
    expect(await deliver()).toMatchObject({ sent: 1 });
  });
});
