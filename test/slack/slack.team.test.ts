/**
 * Running a team in Slack, end to end through the real Bolt HTTP receiver (requests signed as
 * Slack signs them) against the fake Web API: roles by mention, people deactivated in Slack or
 * removed by an admin refused everywhere at once, newcomers waiting for an admin's approval,
 * the setup message of a new workspace, and real names from users.info. Each test works in a
 * workspace of its own.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoreHandle } from "../../src/store/client.js";
import { RUN_ACTION_PREFIX } from "../../src/platforms/slack/block-kit.render.js";
import { startSlack, type SlackHandle } from "../../src/platforms/slack/slack.app.js";
import { createSlackDeliveryClient, slackSender } from "../../src/platforms/slack/slack.outbox.js";
import { deliverDue } from "../../src/delivery/outbox.worker.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { auditWords } from "../support/audit.js";
import { serviceDeps, testClock } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import {
  blockActionBody,
  fileShareEvent,
  newWorkspace,
  sendEventToApp,
  sendJsonToApp,
  sendToApp,
  slackUser,
  slashCommandBody,
  startFakeSlack,
  userChangeEvent,
  viewSubmissionBody,
  type FakeSlack,
  type RecordedCall,
  type SlackTeam,
  type SlackUser,
} from "./fake-slack.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const CHANNEL = "C0SALES01";
const REMOVED = /You are no longer on team “workspace-\d+”, so I can't do that for you/;

interface Button {
  action_id: string;
  value: string;
  text: { text: string };
}
interface Message {
  text: string;
  blocks: Array<{ type: string; elements?: Button[] }>;
  response_type?: string;
  replace_original?: boolean;
}
const buttonsOf = (message: Message): Button[] => message.blocks.flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));

describe("running the team in Slack", () => {
  let store: StoreHandle;
  let fake: FakeSlack;
  let slack: SlackHandle;
  let deps: ServiceDeps;

  beforeAll(async () => {
    store = await createTestStore("pglite");
    fake = await startFakeSlack();
    deps = serviceDeps(store, testClock().clock);
    slack = await startSlack({
      deps,
      log: pino({ level: "silent" }),
      config: { mode: "http", botToken: "xoxb-test-token", signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0 },
    });
  });
  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
    await store?.close();
  });

  let triggers = 0;
  const trigger = () => `${Date.now()}.${++triggers}.trigger`;

  /** Types a slash command; `nth` is which post on its response_url to wait for. */
  async function ask(user: SlackUser, line: string, options: { channel?: string; nth?: number } = {}) {
    const [, command, text] = /^(\/\S+)\s*([\s\S]*)$/.exec(line)!;
    const responseUrl = fake.responseUrl();
    const body = slashCommandBody({ user, command: command!, text: text!, channel: options.channel ?? CHANNEL, responseUrl, triggerId: trigger() });
    expect((await sendToApp(slack.port!, body, { secret: SECRET })).status).toBe(200);
    const answer = (await fake.answerAt(responseUrl, options.nth ?? 1, 20_000)).body as unknown as Message;
    return { answer, responseUrl };
  }

  /** Presses a button on a message in the sales channel (or `channel`, e.g. a DM) and waits for the first answer. */
  async function press(user: SlackUser, button: Pick<Button, "value"> & { action_id?: string }, ephemeral = false, channel = CHANNEL) {
    const responseUrl = fake.responseUrl();
    const body = blockActionBody({ user, button: { action_id: button.action_id ?? `${RUN_ACTION_PREFIX}0`, value: button.value }, channel, responseUrl, triggerId: trigger(), ephemeral });
    expect((await sendToApp(slack.port!, body, { secret: SECRET })).status).toBe(200);
    return { answer: (await fake.answerAt(responseUrl, 1, 20_000)).body as unknown as Message, responseUrl };
  }

  /** Opens the BANT form (a modal) as `user`, and returns it as Slack would hand it back on Save. */
  async function openForm(user: SlackUser, leadId: number) {
    const triggerId = trigger();
    const body = slashCommandBody({ user, command: "/qualify", text: `#${leadId}`, channel: CHANNEL, responseUrl: fake.responseUrl(), triggerId });
    expect((await sendToApp(slack.port!, body, { secret: SECRET })).status).toBe(200);
    const opened = await fake.waitFor((c) => c.method === "views.open" && c.body.trigger_id === triggerId);
    return opened.body.view as { callback_id: string; private_metadata: string };
  }

  async function userChange(user: SlackUser, change: { deleted: boolean; realName?: string }) {
    expect((await sendEventToApp(slack.port!, userChangeEvent(user, change), { secret: SECRET, teamId: user.team.id })).status).toBe(200);
  }

  const teamOf = async (team: SlackTeam) =>
    (await store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "slack", externalId: team.id } } })).teamId;
  const memberOf = async (user: SlackUser) => store.prisma.member.findFirstOrThrow({ where: { teamId: await teamOf(user.team), platform: "slack", externalId: user.id } });

  /** Events are acknowledged before they are handled: waits until their effect shows. */
  async function until(check: () => Promise<boolean>, what: string) {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`timed out waiting until ${what}`);
  }

  /**
   * A workspace whose people Slack knows by their real names: Ann (the first, so the admin),
   * Taras and Rita (reps), with one lead, Jana Novak.
   */
  async function workspace() {
    const team = newWorkspace();
    const [ann, taras, rita] = ["ann", "taras", "rita"].map((name) => slackUser(team, name)) as [SlackUser, SlackUser, SlackUser];
    fake.knowUser(ann.id, "Ann Admin");
    fake.knowUser(taras.id, { realName: "Taras Shevchenko", name: "taras" });
    fake.knowUser(rita.id, "Rita Rep");
    for (const user of [ann, taras, rita]) await ask(user, "/help");
    await ask(ann, '/lead add "Jana Novak" email=jana@acme.example company="Acme Logistics"');
    const teamId = await teamOf(team);
    const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId, name: "Jana Novak" } });
    return { team, teamId, ann, taras, rita, lead };
  }

  it("lets an admin make Taras a manager with a mention, after which Taras can change weights", async () => {
    const w = await workspace();
    expect((await ask(w.taras, "/weights demo_request 45")).answer.text).toMatch(/Only managers and admins can change scoring/);

    // With should_escape on, Slack sends the mention as the user's id.
    // The team's only admin cannot step down or be removed.
    expect((await ask(w.ann, `/team role <@${w.ann.id}|ann> rep`)).answer.text).toMatch(/Ann Admin is the team's only admin\. Make someone else an admin first/);
    expect((await ask(w.ann, `/team remove <@${w.ann.id}|ann>`)).answer.text).toMatch(/Ann Admin is the team's only admin/);
    expect(await memberOf(w.ann)).toMatchObject({ role: "admin", status: "active" });

    const { answer } = await ask(w.ann, `/team role <@${w.taras.id}|taras> manager`);
    expect(answer.response_type).toBe("in_channel");
    expect(answer.text).toMatch(/Taras Shevchenko is now a manager \(was a rep\), set by Ann Admin/);
    expect(await memberOf(w.taras)).toMatchObject({ role: "manager" });

    const preview = (await ask(w.taras, "/weights demo_request 45")).answer;
    expect(preview.text).toMatch(/Preview/);
    expect(buttonsOf(preview).find((b) => b.text.text === "Confirm")?.value).toMatch(/^\/weights confirm \w+$/);
  });

  describe("someone who is no longer on the team is refused at once, everywhere", () => {
    /**
     * A slash command (in the channel and in a DM), a button on a channel message, the form
     * they had open, an export and a shared file: each refused, nothing done.
     */
    async function expectRefusedEverywhere(w: Awaited<ReturnType<typeof workspace>>, form: { callback_id: string; private_metadata: string }) {
      const from = fake.calls.length;
      const owner = async () => (await store.prisma.lead.findUniqueOrThrow({ where: { id: w.lead.id } })).ownerId;
      const ownerBefore = await owner();
      const callLogs = () => store.prisma.callLog.count({ where: { leadId: w.lead.id } });
      const command = (await ask(w.rita, "/lead list")).answer;
      expect(command).toMatchObject({ response_type: "ephemeral" });
      expect(command.text).toMatch(REMOVED);
      expect((await ask(w.rita, "/lead list", { channel: `D${w.rita.id.slice(1)}` })).answer.text).toMatch(REMOVED);

      const logged = (await press(w.rita, { value: `/log #${w.lead.id} meeting_booked` })).answer;
      expect(logged).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(logged.text).toMatch(REMOVED);
      expect(await callLogs()).toBe(0);
      expect(await owner()).toBe(ownerBefore);

      // The form they opened before, saved now: Slack hands the modal back; nothing is saved.
      const yes = { type: "radio_buttons", selected_option: { value: "yes", text: { type: "plain_text", text: "yes" } } };
      const submitted = fake.calls.length;
      const submission = viewSubmissionBody({ user: w.rita, view: form, values: { budget: { budget: yes }, need: { need: yes } }, triggerId: trigger() });
      expect((await sendToApp(slack.port!, submission, { secret: SECRET })).status).toBe(200);
      const formTold = await fake.waitFor((c) => fake.calls.indexOf(c) >= submitted && c.method === "chat.postEphemeral" && c.body.user === w.rita.id);
      expect(String(formTold.body.text)).toMatch(REMOVED);
      expect(await store.prisma.qualification.count({ where: { leadId: w.lead.id } })).toBe(0);

      const exported = (await ask(w.rita, "/lead export csv")).answer;
      expect(exported.text).toMatch(REMOVED);

      const file = fake.hostFile(new TextEncoder().encode("email\nsneaky@example.com\n"), { name: "mine.csv", mimetype: "text/csv" });
      const shared = fileShareEvent({ user: w.rita, channel: CHANNEL, channelType: "channel", text: "/lead import", files: [file] });
      const sharing = fake.calls.length;
      await sendEventToApp(slack.port!, shared, { secret: SECRET, teamId: w.team.id });
      const told = await fake.waitFor((c) => fake.calls.indexOf(c) >= sharing && c.method === "chat.postEphemeral" && c.body.user === w.rita.id);
      expect(String(told.body.text)).toMatch(REMOVED);

      const calls = fake.calls.slice(from).map((c: RecordedCall) => c.method);
      expect(calls).not.toContain("conversations.open");
      expect(calls).not.toContain("files.getUploadURLExternal");
      expect(calls).not.toContain("file.download");
      expect(await store.prisma.lead.count({ where: { teamId: w.teamId } })).toBe(1);
    }

    it("when deactivated in Slack (user_change, deleted: true), and back as a rep when reactivated", async () => {
      const w = await workspace();
      await store.prisma.member.update({ where: { id: (await memberOf(w.rita)).id }, data: { role: "manager" } });
      await ask(w.rita, `/lead claim #${w.lead.id}`);
      const form = await openForm(w.rita, w.lead.id);
      await userChange(w.rita, { deleted: true });
      await until(async () => (await memberOf(w.rita)).status === "removed", "Rita is removed");
      await expectRefusedEverywhere(w, form);
      const audit = await store.prisma.auditEntry.findMany({ where: { teamId: w.teamId, action: "member_left" } });
      expect(audit.map(auditWords)).toEqual(["Rita Rep was deactivated in Slack"]);

      // Her lead goes where an admin chooses.
      const given = (await ask(w.ann, `/team give <@${w.rita.id}|rita> <@${w.taras.id}|taras>`)).answer;
      expect(given.text).toMatch(/1 open lead of Rita Rep now belongs to Taras Shevchenko/);
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: w.lead.id } })).ownerId).toBe((await memberOf(w.taras)).id);

      await userChange(w.rita, { deleted: false });
      await until(async () => (await memberOf(w.rita)).status === "active", "Rita is back");
      expect(await memberOf(w.rita)).toMatchObject({ role: "rep" });
      expect((await ask(w.rita, "/lead list")).answer.text).toMatch(/Jana Novak/);
    });

    it("offers a deactivated member's open leads to the admins in a DM, once, and Leave unclaimed unclaims them", async () => {
      const w = await workspace();
      await ask(w.rita, `/lead claim #${w.lead.id}`);
      const deliver = () => deliverDue(deps, { slack: slackSender(createSlackDeliveryClient({ token: "xoxb-test-token", apiUrl: fake.apiUrl })) });
      // Messages queued by earlier tests (the offer of the deactivated Rita's lead) are not this one's business.
      await deliver();
      const from = fake.calls.length;
      const offersTo = (user: SlackUser) => fake.calls.slice(from).filter((c) => c.method === "chat.postMessage" && c.body.channel === user.id);

      await userChange(w.rita, { deleted: true });
      await until(async () => (await memberOf(w.rita)).status === "removed", "Rita is removed");
      expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
      const [dm] = offersTo(w.ann);
      expect(String(dm?.body.text)).toMatch(/Rita Rep is no longer on team “workspace-\d+”[\s\S]*Rita Rep was deactivated in Slack, so their access ended[\s\S]*Rita Rep owned 1 open lead\. Give them all to:/);
      const offer = buttonsOf(dm!.body as unknown as Message);
      expect(offer.map((b) => b.text.text)).toEqual(["Ann Admin", "Taras Shevchenko", "Leave unclaimed"]);
      // Only the admins are asked; the channel hears nothing of it.
      expect(fake.calls.slice(from).filter((c) => c.method === "chat.postMessage" && c.body.channel !== w.ann.id)).toEqual([]);

      // Slack reports the deactivation again: nobody is asked twice. (Taras's deactivation after
      // it shows the events before it were handled.)
      await userChange(w.rita, { deleted: true });
      await userChange(w.taras, { deleted: true });
      await until(async () => (await memberOf(w.taras)).status === "removed", "the later event was handled");
      expect(await deliver()).toMatchObject({ claimed: 0 });
      expect(await store.prisma.outbox.count({ where: { teamId: w.teamId, kind: "notice" } })).toBe(1);

      // Ann taps "Leave unclaimed" in her DM with the app.
      const unclaimed = (await press(w.ann, offer[2]!, false, `D${w.ann.id.slice(1)}`)).answer;
      expect(unclaimed.text).toMatch(/1 open lead of Rita Rep is now unclaimed/);
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: w.lead.id } })).ownerId).toBeNull();
      expect(offersTo(w.ann)).toHaveLength(1);
    });

    it("when an admin ran /team remove (their leads left unclaimed with one tap), and a later profile change does not bring them back", async () => {
      const w = await workspace();
      await ask(w.rita, `/lead claim #${w.lead.id}`);
      const form = await openForm(w.rita, w.lead.id);
      const removed = (await ask(w.ann, `/team remove <@${w.rita.id}|rita>`)).answer;
      expect(removed).toMatchObject({ response_type: "in_channel" });
      expect(removed.text).toMatch(/Rita Rep is no longer on the team \(removed by Ann Admin\)/);
      expect(removed.text).toMatch(/Rita Rep owned 1 open lead\. Give them all to:/);
      const offer = buttonsOf(removed);
      expect(offer.map((b) => b.text.text)).toEqual(["Ann Admin", "Taras Shevchenko", "Leave unclaimed"]);
      await expectRefusedEverywhere(w, form);

      // Only an admin's tap decides.
      expect((await press(w.taras, offer[1]!)).answer.text).toMatch(/Only the team's admins can change that/);
      const unclaimed = (await press(w.ann, offer[2]!)).answer;
      expect(unclaimed.text).toMatch(/1 open lead of Rita Rep is now unclaimed/);
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: w.lead.id } })).ownerId).toBeNull();

      // Slack sends deleted: false with every profile edit; only a reactivation after a
      // deactivation brings someone back.
      await userChange(w.rita, { deleted: false, realName: "Rita Renamed" });
      await userChange(w.taras, { deleted: true });
      await until(async () => (await memberOf(w.taras)).status === "removed", "the later event was handled");
      expect(await memberOf(w.rita)).toMatchObject({ status: "removed" });
      expect((await ask(w.rita, "/help")).answer.text).toMatch(REMOVED);
    });

    it("ignores user_change for a workspace that never used the bot", async () => {
      const stranger = slackUser(newWorkspace(), "zed");
      const teams = await store.prisma.team.count();
      await userChange(stranger, { deleted: true });
      await userChange(stranger, { deleted: false });
      expect((await ask(slackUser(newWorkspace(), "kim"), "/help")).answer.text).toMatch(/Lead scoring bot/);
      expect(await store.prisma.team.count()).toBe(teams + 1);
    });
  });

  it("in approval mode holds a newcomer's command until an admin presses Approve, then runs it and shows them its answer", async () => {
    const w = await workspace();
    await ask(w.ann, "/team join approval");
    const nick = slackUser(w.team, "nick");
    fake.knowUser(nick.id, "Nick Newcomer");

    const asked = await ask(nick, "/lead list");
    expect(asked.answer).toMatchObject({ response_type: "ephemeral" });
    expect(asked.answer.text).toMatch(/You asked to join team “workspace-\d+”\. An admin needs to approve you first/);
    const request = (await fake.answerAt(asked.responseUrl, 2)).body as unknown as Message;
    expect(request.response_type).toBe("in_channel");
    expect(request.text).toMatch(/Nick Newcomer wants to join the team\. Their first command, \/lead list, runs once approved/);
    const [approve, decline] = buttonsOf(request);
    expect([approve?.text.text, decline?.text.text]).toEqual(["Approve", "Decline"]);
    expect(await memberOf(nick)).toMatchObject({ status: "pending" });

    // A rep cannot let people in.
    expect((await press(w.rita, approve!)).answer.text).toMatch(/Only the team's admins can change that/);
    expect(await memberOf(nick)).toMatchObject({ status: "pending" });

    const from = fake.calls.length;
    const approved = (await press(w.ann, approve!)).answer;
    expect(approved).toMatchObject({ response_type: "in_channel" });
    expect(approved.text).toMatch(/Nick Newcomer joined the team as a rep \(approved by Ann Admin\)/);
    const held = await fake.waitFor((c) => fake.calls.indexOf(c) >= from && c.method === "chat.postEphemeral" && c.body.user === nick.id);
    expect(held.body.channel).toBe(CHANNEL);
    expect(String(held.body.text)).toMatch(/#\d+ Jana Novak/);
    expect(await memberOf(nick)).toMatchObject({ status: "active", role: "rep" });
    expect((await ask(nick, "/lead status jana")).answer.text).toMatch(/Jana Novak · Acme Logistics/);
  });

  describe("a new workspace", () => {
    const welcomeOf = (team: SlackTeam) => (c: RecordedCall) => c.method === "chat.postMessage" && String(c.body.text).includes(`the team “${team.domain}”`);

    it("is welcomed before the first answer and offered the channel for alerts, which one press sets", async () => {
      const team = newWorkspace();
      const ann = slackUser(team, "ann");
      fake.knowUser(ann.id, "Ann Admin");
      const { answer, responseUrl } = await ask(ann, "/help");
      expect(answer.text).toMatch(/Lead scoring bot/);
      const welcome = await fake.waitFor(welcomeOf(team));
      expect(welcome.body.channel).toBe(CHANNEL);
      expect(String(welcome.body.text)).toMatch(/Ann Admin, you set it up, so you are its admin/);
      expect(welcome.at).toBeLessThanOrEqual((await fake.answerAt(responseUrl)).at);
      const here = buttonsOf(welcome.body as unknown as Message).find((b) => b.text.text === "Send alerts here")!;
      expect(here.value).toBe("/digest channel");

      const pressed = (await press(ann, here)).answer;
      expect(pressed.text).toMatch(/Hot-lead alerts and the morning digest will be posted here \(set by Ann Admin\)/);
      expect(await store.prisma.team.findUniqueOrThrow({ where: { id: await teamOf(team) } })).toMatchObject({ channelPlatform: "slack", digestChannel: CHANNEL });

      await ask(slackUser(team, "bob"), "/help");
      expect(fake.calls.filter(welcomeOf(team))).toHaveLength(1);
    });

    it("first used in a direct message is welcomed there without offering the DM for alerts", async () => {
      const team = newWorkspace();
      const ann = slackUser(team, "ann");
      const dm = `D${ann.id.slice(1)}`;
      await ask(ann, "/help", { channel: dm });
      const welcome = await fake.waitFor(welcomeOf(team));
      expect(welcome.body.channel).toBe(dm);
      expect(buttonsOf(welcome.body as unknown as Message).map((b) => b.text.text)).not.toContain("Send alerts here");
    });
  });

  describe("names from users.info", () => {
    it("uses the real name, handle and time zone, asking Slack once until the profile changes", async () => {
      const team = newWorkspace();
      const ola = slackUser(team, "ola");
      fake.knowUser(ola.id, { realName: "Ola Nordmann", name: "Ola.N", tz: "Europe/Oslo", locale: "nb-NO" });
      const lookups = () => fake.callsTo("users.info").filter((c) => c.body.user === ola.id);
      for (const line of ["/help", "/lead list", "/team members"]) await ask(ola, line);

      expect(lookups()).toHaveLength(1);
      expect(lookups()[0]!.body.include_locale).toBe("true");
      expect(await memberOf(ola)).toMatchObject({ displayName: "Ola Nordmann", username: "ola.n", role: "admin" });
      expect(await store.prisma.team.findUniqueOrThrow({ where: { id: await teamOf(team) } })).toMatchObject({ timezone: "Europe/Oslo" });
      expect((await ask(ola, "/team members")).answer.text).toMatch(/Ola Nordmann \(@ola\.n\) · admin · Slack/);

      // A profile edit arrives as user_change: the next command asks Slack again.
      await userChange(ola, { deleted: false, realName: "Ola N." });
      await ask(ola, "/help");
      expect(lookups()).toHaveLength(2);
    });

    it("answers in the person's Slack locale: Polish for pl-PL, and a new workspace starts in its founder's", async () => {
      const team = newWorkspace();
      const ola = slackUser(team, "ola");
      fake.knowUser(ola.id, { realName: "Ola Kowalska", name: "ola.k", locale: "pl-PL" });
      const help = (await ask(ola, "/help")).answer;
      expect(help.response_type).toBe("ephemeral");
      expect(help.text).toMatch(/Bot do scoringu leadów[\s\S]*\/lead · Wyszukuj, dodawaj, przeglądaj, bierz i przydzielaj leady\./);
      expect(await store.prisma.team.findUniqueOrThrow({ where: { id: await teamOf(team) } })).toMatchObject({ locale: "pl" });
      // Slack shows a command's answer to the person alone: a teammate in English reads English.
      const tom = slackUser(team, "tom");
      fake.knowUser(tom.id, { realName: "Tom Smith", name: "tom", locale: "en-US" });
      expect((await ask(tom, "/help")).answer.text).toMatch(/^\*?Lead scoring bot/);
      expect((await ask(tom, "/help nope")).answer.text).toMatch(/There is no \/nope command\./);
    });

    it("falls back to the handle when Slack will not say, without asking again on every command", async () => {
      const bo = slackUser(newWorkspace(), "bo");
      fake.script("users.info", { body: { ok: false, error: "missing_scope", needed: "users:read" } });
      await ask(bo, "/help");
      await ask(bo, "/help");
      expect(fake.callsTo("users.info").filter((c) => c.body.user === bo.id)).toHaveLength(1);
      expect(await memberOf(bo)).toMatchObject({ displayName: "bo", username: "bo" });
    });
  });

  it("answers Slack's url_verification challenge on the events path (subscribing to user_change)", async () => {
    const sent = await sendJsonToApp(slack.port!, { token: "legacy-verification-token", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" }, { secret: SECRET });
    expect(sent.status).toBe(200);
    expect(sent.body).toContain("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  });
});
