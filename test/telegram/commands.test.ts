/**
 * Commands through the real telegraf bot over real long polling against the fake Bot API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import { reply } from "../../src/chat/reply.js";
import { translator } from "../../src/i18n/index.js";
import { dm, EMEA, MAX, MIA, RITA, SALES, shown, startHarness, STRANGER, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.say(SALES, MIA, "/start");
  await h.say(SALES, RITA, "/start@LeadTestBot");
  await h.say(SALES, MIA, '/lead add "Jana Novak" company="Acme Logistics" email=jana@acme.example');
  await h.say(dm(MIA), MIA, "/start");
});
afterAll(async () => h?.close());

describe("Telegram commands", () => {
  it("registers the command menu at start-up: every registered command, then the form's /cancel, in English by default", () => {
    const [call] = h.fake.callsTo("setMyCommands");
    expect(call?.body.language_code).toBeUndefined();
    const menu = call?.body.commands as Array<{ command: string; description: string }>;
    expect(menu.map((c) => c.command)).toEqual([...COMMANDS.map((c) => c.name), "cancel"]);
    expect(menu.slice(0, COMMANDS.length).map((c) => c.description)).toEqual(COMMANDS.map((c) => translator("en").t(c.summary)));
    expect(menu.find((c) => c.command === "lead")?.description).toBe("Look up, add, list, claim and assign leads.");
  });

  it("registers the menu once per language the bot speaks, for apps set to that language", () => {
    const calls = h.fake.callsTo("setMyCommands");
    expect(calls.map((c) => c.body.language_code)).toEqual([undefined, "uk", "ru", "pl", "ro"]);
    const lead = (code: string) => (calls.find((c) => c.body.language_code === code)?.body.commands as Array<{ command: string; description: string }>).find((c) => c.command === "lead")?.description;
    expect(lead("uk")).toBe("Знайти, додати, переглянути, забрати собі й призначити лідів.");
    expect(lead("pl")).toBe("Wyszukuj, dodawaj, przeglądaj, bierz i przydzielaj leady.");
    for (const call of calls) {
      const menu = call.body.commands as Array<{ command: string; description: string }>;
      expect(menu.map((c) => c.command)).toEqual([...COMMANDS.map((c) => c.name), "cancel"]);
      // Telegram's limits: 1–256 characters per description.
      for (const c of menu) expect(c.description.length).toBeLessThanOrEqual(256);
    }
  });

  it("binds a group to a new team on /start, its first member as admin", async () => {
    const team = await h.store.prisma.chatBinding.findUnique({
      where: { platform_externalId: { platform: "telegram", externalId: String(SALES.id) } },
      include: { team: { include: { members: { orderBy: { id: "asc" } } } } },
    });
    expect(team?.team.name).toBe("R&D <Ops>");
    expect(team?.team.members.map((m) => [m.displayName, m.role])).toEqual([
      ["Mia Manager", "admin"],
      ["Rita Rep", "rep"],
    ]);
  });

  it.each([
    ["/lead list all", /Jana Novak/],
    ["/lead status jana", /Jana Novak[\s\S]*Score/],
    ["/qualify jana need=yes", /BANT for #\d+ Jana Novak/],
    ["/log jana voicemail", /Logged voicemail for #\d+ Jana Novak/],
    ["/weights", /Scoring rules/],
    ["/digest", /morning digests/],
    ["/help", /Lead scoring bot[\s\S]*\/weights/],
    ["/help qualify", /\/qualify/],
  ])("answers %s in a group, as a reply to the command", async (text, expected) => {
    const calls = await h.say(SALES, RITA, text);
    const sent = calls.filter((c) => c.method === "sendMessage");
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]!.body).toMatchObject({ chat_id: SALES.id, parse_mode: "HTML", reply_parameters: { allow_sending_without_reply: true } });
    expect(shown(calls).join("\n")).toMatch(expected);
  });

  it.each([
    ["/lead list all", /Jana Novak/],
    ["/lead status jana", /Jana Novak[\s\S]*Score/],
    ["/qualify jana need=yes", /BANT for #\d+ Jana Novak/],
    ["/log jana voicemail", /Logged voicemail for #\d+ Jana Novak/],
    ["/weights", /Scoring rules/],
    ["/digest", /morning digests/],
    ["/help", /Lead scoring bot/],
  ])("answers %s in a private chat, for the team the person is on", async (text, expected) => {
    const calls = await h.say(dm(MIA), MIA, text);
    expect(calls.filter((c) => c.method === "sendMessage").every((c) => c.body.chat_id === MIA.id)).toBe(true);
    expect(shown(calls).join("\n")).toMatch(expected);
  });

  it("acts for the private chat's team with the person's own role", async () => {
    const before = await h.store.prisma.callLog.count({ where: { member: { displayName: "Mia Manager" } } });
    await h.say(dm(MIA), MIA, "/log jana no_answer");
    expect(await h.store.prisma.callLog.count({ where: { member: { displayName: "Mia Manager" } } })).toBe(before + 1);
    const calls = await h.say(dm(MIA), MIA, "/weights website_visit 3");
    expect(shown(calls).join("\n")).toMatch(/Preview/); // an admin may change weights from a private chat
  });

  it("takes /lead@ThisBot in a group and leaves commands for other bots alone", async () => {
    const ours = await h.say(SALES, RITA, "/lead@LeadTestBot status jana");
    expect(shown(ours).join("\n")).toMatch(/Jana Novak/);
    expect(await h.say(SALES, RITA, "/lead@SomeOtherBot status jana")).toEqual([]);
    expect(await h.say(SALES, RITA, "/weather tomorrow")).toEqual([]);
    expect(await h.say(SALES, RITA, "just chatting about leads")).toEqual([]);
  });

  it("answers an unknown command addressed to it with the list of commands", async () => {
    const calls = await h.say(SALES, RITA, "/frobnicate@LeadTestBot");
    expect(shown(calls).join("\n")).toMatch(/I don't know \/frobnicate[\s\S]*Try \/help/);
  });

  it("answers a mistake with usage, never a stack trace", async () => {
    const calls = await h.say(SALES, RITA, "/log jana callback");
    const text = shown(calls).join("\n");
    expect(text).toMatch(/"callback" is not a call outcome[\s\S]*Usage: \/log/);
    expect(text).not.toMatch(/Error|at .*:\d+/);
  });

  it("renders a lead called R&D <Ops> literally", async () => {
    const added = await h.say(SALES, MIA, '/lead add "R&D <Ops>" company="Smith & Sons <EU>"');
    const html = String(added.find((c) => c.method === "sendMessage")?.body.text);
    expect(html).toContain("R&amp;D &lt;Ops&gt;");
    expect(shown(added).join("\n")).toContain("R&D <Ops>");
    const status = await h.say(SALES, MIA, '/lead status "R&D"');
    expect(shown(status).join("\n")).toMatch(/R&D <Ops>[\s\S]*Smith & Sons <EU>/);
  });

  it("splits a reply longer than 4096 characters into several valid messages, buttons under the last", async () => {
    const items = Array.from({ length: 300 }, (_, i) => `#${i} Lead <${i}> & Partners: ${"detail ".repeat(3)}`);
    const from = h.fake.calls.length;
    await h.handle.send(SALES.id, reply([{ type: "list", title: "Everything", items }, { type: "actions", actions: [{ label: "Hot leads", command: "/lead list hot" }] }]));
    const sent = h.fake.calls.slice(from).filter((c) => c.method === "sendMessage");
    expect(sent.length).toBeGreaterThan(1);
    const texts = shown(sent);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4096);
    expect(texts.join("\n").split("\n").filter((l) => l.startsWith("• "))).toEqual(items.map((i) => `• ${i}`));
    expect(sent.slice(0, -1).every((c) => c.body.reply_markup === undefined)).toBe(true);
    expect(sent[sent.length - 1]!.body.reply_markup).toBeDefined();
  });
});

describe("groups", () => {
  it("keeps the team when a group becomes a supergroup (its chat id changes)", async () => {
    const old = { id: -4242, type: "group" as const, title: "Small team" };
    const upgraded = { id: -1004242, type: "supergroup" as const, title: "Small team" };
    await h.say(old, MIA, "/start");
    const teams = await h.store.prisma.team.count();
    const id = h.fake.push({ message: { message_id: 77, date: 0, chat: old, from: MIA, migrate_to_chat_id: upgraded.id } });
    await h.fake.processed(id);
    const calls = await h.say(upgraded, MIA, "/start");
    expect(shown(calls).join()).toMatch(/This group is the team “Small team”. Mia Manager, you are an admin here/);
    expect(await h.store.prisma.team.count()).toBe(teams);
  });

  it("explains to an anonymous admin that it cannot tell who they are, and runs nothing", async () => {
    const leads = await h.store.prisma.lead.count();
    const anonymous = { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };
    const id = h.fake.push({
      message: { message_id: 78, date: 0, chat: SALES, from: anonymous, sender_chat: SALES, text: "/lead add Ghost", entities: [{ type: "bot_command", offset: 0, length: 5 }] },
    });
    await h.fake.processed(id);
    expect(h.last(SALES).text).toMatch(/can't tell who you are while you post anonymously/);
    expect(await h.store.prisma.lead.count()).toBe(leads);
  });
});

describe("private chats", () => {
  it("tells someone on no team how to get started, and runs nothing", async () => {
    const leads = await h.store.prisma.lead.count();
    const calls = await h.say(dm(STRANGER), STRANGER, "/lead add Sneaky");
    expect(shown(calls).join("\n")).toMatch(/Add me to your team's Telegram group and send \/start there/);
    expect(await h.store.prisma.lead.count()).toBe(leads);
    expect(await h.store.prisma.member.count({ where: { externalId: String(STRANGER.id) } })).toBe(0);
  });

  it("asks a person on several teams which one the chat acts for, and remembers the choice", async () => {
    await h.say(EMEA, MAX, "/start");
    await h.say(SALES, MAX, "/help");
    const asked = await h.say(dm(MAX), MAX, "/lead list all");
    expect(shown(asked).join("\n")).toMatch(/You are on 2 teams/);
    const choice = h.last(dm(MAX));
    expect(choice.reply_markup?.inline_keyboard?.flat().map((b) => b.text)).toEqual(["EMEA sales", "R&D <Ops>"]);

    const pressed = await h.press(MAX, choice, "EMEA sales");
    expect(pressed.find((c) => c.method === "answerCallbackQuery")?.body.text).toMatch(/Switched to EMEA sales/);
    const emea = await h.say(dm(MAX), MAX, "/lead list all");
    expect(shown(emea).join("\n")).not.toMatch(/Jana Novak/);

    await h.say(dm(MAX), MAX, "/start");
    await h.press(MAX, h.last(dm(MAX)), "R&D <Ops>");
    const sales = await h.say(dm(MAX), MAX, "/lead list all");
    expect(shown(sales).join("\n")).toMatch(/Jana Novak/);
  });

  it("does not let a person pick a team they are not on", async () => {
    const emea = await h.store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "telegram", externalId: String(EMEA.id) } } });
    h.fake.knowChat(dm(RITA));
    const forged = { message_id: 1, chat: dm(RITA), from: { id: 1, is_bot: true, first_name: "x" }, date: 0, text: "", html: "", reply_markup: { inline_keyboard: [[{ text: "EMEA", callback_data: `t:${emea.teamId}` }]] } };
    const calls = await h.press(RITA, forged as never, "EMEA");
    expect(calls.find((c) => c.method === "answerCallbackQuery")?.body.text).toMatch(/not on that team/);
    expect(await h.store.prisma.chatBinding.count({ where: { externalId: String(RITA.id) } })).toBe(0);
  });

  it("says plain text is not a command", async () => {
    const calls = await h.say(dm(MIA), MIA, "hello?");
    expect(shown(calls).join("\n")).toMatch(/Commands start with a slash/);
  });
});
