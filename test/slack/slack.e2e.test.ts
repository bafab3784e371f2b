/**
 * The Slack transport end to end: the real Bolt HTTP receiver on a local port, requests
 * signed as Slack signs them, and a fake Slack (Web API + response URLs) recording what the
 * app sends back. Each test works in a workspace of its own.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import type { StoreHandle } from "../../src/store/client.js";
import type { PrismaClient } from "../../src/store/types.js";
import { renderBlockKit, RUN_ACTION_PREFIX, SLACK_LIMITS } from "../../src/platforms/slack/block-kit.render.js";
import { FORM_CALLBACK_ID } from "../../src/platforms/slack/modal.render.js";
import { startSlack, type SlackHandle } from "../../src/platforms/slack/slack.app.js";
import type { SlackConfig } from "../../src/platforms/slack/slack.config.js";
import { serviceDeps, testClock } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import {
  blockActionBody,
  newWorkspace,
  sendToApp,
  sign,
  slackUser,
  slashCommandBody,
  startFakeSlack,
  viewSubmissionBody,
  type FakeSlack,
  type RecordedCall,
  type SlackUser,
} from "./fake-slack.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const BOT_TOKEN = "xoxb-test-token";
const CHANNEL = "C0SALES01";
/** Everything the app logs, at debug level, to check what it says and that it keeps secrets out. */
const logLines: string[] = [];
const log = pino({ level: "debug" }, { write: (line: string) => void logLines.push(line) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Button {
  action_id: string;
  value: string;
  text: { text: string };
  style?: string;
}
interface Message {
  text: string;
  blocks: Array<{ type: string; text?: { text: string }; elements?: Button[]; fields?: unknown[] }>;
  response_type?: string;
  replace_original?: boolean;
}
interface ModalInput {
  type: string;
  block_id?: string;
  element?: { type: string; initial_option?: { value: string }; options?: Array<{ value: string }> };
}
interface Modal {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  blocks: ModalInput[];
}

const buttonsOf = (message: Message): Button[] => message.blocks.flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));

/** A switchable wrapper around the store, to make the team lookup slow or failing, or another table fail. */
function troublesomeDb(db: PrismaClient) {
  const state = { delayMs: 0, broken: false, brokenModels: new Set<string>() };
  const failing = (model: unknown) =>
    new Proxy(model as object, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        return typeof value === "function" ? async () => Promise.reject(new Error("table unreachable")) : value;
      },
    });
  const chatBinding = new Proxy(db.chatBinding, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        if (state.broken) throw new Error("database unreachable");
        if (state.delayMs) await sleep(state.delayMs);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  // The store extends the client it is given (src/store/store.ts): the extended client is wrapped too.
  const wrap = (client: PrismaClient): PrismaClient =>
    new Proxy(client, {
      get(target, prop) {
        if (prop === "chatBinding") return chatBinding;
        if (typeof prop === "string" && state.brokenModels.has(prop)) return failing(Reflect.get(target, prop));
        if (prop === "$extends") return (...args: unknown[]) => wrap((target.$extends as unknown as (...a: unknown[]) => PrismaClient)(...args));
        const value: unknown = Reflect.get(target, prop);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const proxy = wrap(db);
  return { db: proxy, state };
}

describe("Slack transport", () => {
  let store: StoreHandle;
  let fake: FakeSlack;
  let slack: SlackHandle;
  let trouble: ReturnType<typeof troublesomeDb>;
  let troubled: SlackHandle;
  const clock = testClock().clock;
  const config = (): SlackConfig => ({ mode: "http", botToken: BOT_TOKEN, signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0 });

  beforeAll(async () => {
    store = await createTestStore("pglite");
    fake = await startFakeSlack();
    slack = await startSlack({ deps: serviceDeps(store, clock), log, config: config() });
    trouble = troublesomeDb(store.prisma);
    troubled = await startSlack({ deps: serviceDeps(trouble.db, clock), log, config: config() });
  });
  afterAll(async () => {
    await slack?.stop();
    await troubled?.stop();
    await fake?.close();
    await store?.close();
  });

  let triggers = 0;
  const newTrigger = () => `${Date.now()}.${++triggers}.trigger`;

  /** Types a slash command in the sales channel. */
  async function slash(user: SlackUser, line: string, port = slack.port!) {
    const [, command, text] = /^(\/\S+)\s*([\s\S]*)$/.exec(line)!;
    const responseUrl = fake.responseUrl();
    const triggerId = newTrigger();
    const body = slashCommandBody({ user, command: command!, text: text!, channel: CHANNEL, responseUrl, triggerId });
    const request = await sendToApp(port, body, { secret: SECRET });
    return { request, responseUrl, triggerId };
  }

  /** Types a slash command and waits for the answer on its response_url. */
  async function ask(user: SlackUser, line: string) {
    const sent = await slash(user, line);
    expect(sent.request.status).toBe(200);
    // Generous: a workspace's first command sets up its team, slow on a busy machine.
    const answer = (await fake.answerAt(sent.responseUrl, 1, 20_000)).body as unknown as Message;
    return { ...sent, answer };
  }

  /** Clicks a button on a message (ephemeral: the person's private menu; else a channel message). */
  async function click(user: SlackUser, button: Pick<Button, "action_id" | "value">, ephemeral: boolean) {
    const responseUrl = fake.responseUrl();
    const triggerId = newTrigger();
    const request = await sendToApp(slack.port!, blockActionBody({ user, button, channel: CHANNEL, responseUrl, triggerId, ephemeral }), { secret: SECRET });
    expect(request.status).toBe(200);
    return { request, responseUrl, triggerId };
  }

  async function submit(user: SlackUser, view: Modal, answers: Record<string, string>) {
    const values = Object.fromEntries(
      Object.entries(answers).map(([id, value]) => [id, { [id]: { type: "radio_buttons", selected_option: { value, text: { type: "plain_text", text: value } } } }]),
    );
    const body = viewSubmissionBody({ user, view, values, triggerId: newTrigger() });
    const request = await sendToApp(slack.port!, body, { secret: SECRET });
    expect(request.status).toBe(200);
    return request;
  }

  /**
   * A workspace whose people joined through Slack: Ann first (admin), then Mia and Max
   * (made managers in the database) and Rita (a rep), with one lead, Jana Novak.
   */
  async function workspace() {
    const team = newWorkspace();
    const [ann, mia, max, rita] = ["ann", "mia", "max", "rita"].map((name) => slackUser(team, name)) as [SlackUser, SlackUser, SlackUser, SlackUser];
    for (const user of [ann, mia, max, rita]) await ask(user, "/help");
    const { teamId } = await store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "slack", externalId: team.id } } });
    await store.prisma.member.updateMany({ where: { teamId, externalId: { in: [mia.id, max.id] } }, data: { role: "manager" } });
    await ask(mia, '/lead add "Jana Novak" email=jana@acme.example company="Acme Logistics"');
    const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId, name: "Jana Novak" } });
    const member = (user: SlackUser) => store.prisma.member.findFirstOrThrow({ where: { teamId, platform: "slack", externalId: user.id } });
    return { team, teamId, ann, mia, max, rita, lead, member };
  }

  async function openQualifyForm(user: SlackUser, line = "/qualify jana") {
    const sent = await slash(user, line);
    expect(sent.request.status).toBe(200);
    const opened = await fake.waitFor((c) => c.method === "views.open" && c.body.trigger_id === sent.triggerId);
    return { ...sent, view: opened.body.view as Modal, opened };
  }

  /** Everything a request could change, to prove a rejected one changed nothing. */
  const footprint = async () =>
    JSON.stringify(
      await Promise.all([
        store.prisma.chatBinding.count(),
        store.prisma.member.count(),
        store.prisma.lead.findMany({ orderBy: { id: "asc" }, select: { id: true, ownerId: true, stage: true } }),
        store.prisma.callLog.count(),
        store.prisma.ruleChange.count(),
      ]),
    );

  describe("slash commands", () => {
    // Read-mostly tests share one workspace (a new team costs a few hundred ms); none of them
    // depends on what another wrote.
    let w: Awaited<ReturnType<typeof workspace>>;
    beforeAll(async () => {
      w = await workspace();
    });

    it.each([
      ["/help", "ephemeral", /Lead scoring bot/],
      ["/help weights", "ephemeral", /See the scoring rules/],
      ["/lead status jana", "ephemeral", /Jana Novak · Acme Logistics/],
      ["/lead list", "ephemeral", /#\d+ Jana Novak/],
      ['/lead add "Olga Petrova" company=Initech', "in_channel", /Added #\d+ Olga Petrova \(Initech\)/],
      ["/weights", "ephemeral", /Scoring rules/],
      ["/digest", "ephemeral", /Scheduled morning digests are not switched on yet/],
      ["/log jana connected", "ephemeral", /Logged connected for #\d+ Jana Novak/],
      ["/qualify jana budget=yes", "ephemeral", /BANT for #\d+ Jana Novak: 1\/4 positive/],
    ])("answers %s through response_url after an empty acknowledgement", async (line, responseType, shown) => {
      const { request, answer } = await ask(w.mia, line);
      expect(request.body).toBe("");
      expect(request.ms).toBeLessThan(3000);
      expect(answer.response_type).toBe(responseType);
      expect(answer.text).toMatch(shown);
      expect(answer.blocks.length).toBeGreaterThan(0);
      expect(answer.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    });

    it.each([
      ["/lead frobnicate", /"\/lead frobnicate" is not something I know/],
      ["/weights demo_request abc", /"abc" is not a number of points/],
      ["/log", /Which lead did you call\?/],
      ["/qualify jana budget=maybe", /"maybe" is not an answer/],
      ["/frob", /I don't know \/frob/],
    ])("answers the garbage %s with a private usage message and changes nothing", async (line, shown) => {
      const before = await footprint();
      const { answer } = await ask(w.mia, line);
      expect(answer.response_type).toBe("ephemeral");
      expect(answer.text).toMatch(shown);
      expect(answer.text).toMatch(/Usage: \//);
      expect(await footprint()).toBe(before);
    });

    it("creates the team on first use, with the first person as admin and the next as reps", async () => {
      const team = newWorkspace();
      const [first, second] = [slackUser(team, "zoe"), slackUser(team, "yan")];
      await ask(first, "/help");
      await ask(second, "/help");
      const binding = await store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "slack", externalId: team.id } } });
      const members = await store.prisma.member.findMany({ where: { teamId: binding.teamId }, orderBy: { id: "asc" } });
      expect(members.map((m) => [m.externalId, m.displayName, m.role])).toEqual([
        [first.id, "zoe", "admin"],
        [second.id, "yan", "rep"],
      ]);
      expect(await store.prisma.rule.count({ where: { teamId: binding.teamId } })).toBeGreaterThan(10);
    });

    it("refuses a rep's weight change politely, in private", async () => {
      const pending = () => store.prisma.pendingRuleChange.count({ where: { teamId: w.teamId } });
      const before = await pending();
      const { answer } = await ask(w.rita, "/weights demo_request 50");
      expect(answer.response_type).toBe("ephemeral");
      expect(answer.text).toMatch(/Only managers and admins can change scoring/);
      expect(await pending()).toBe(before);
    });

    it("reads the HTML entities Slack sends in command text as what was typed", async () => {
      const { answer } = await ask(w.mia, '/lead add "Smith &amp; Sons &lt;UK&gt;"');
      const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId: w.teamId, name: { startsWith: "Smith" } } });
      expect(lead.name).toBe("Smith & Sons <UK>");
      expect(answer.text).toContain("Smith &amp; Sons &lt;UK&gt;");
    });

    it("escapes Slack markup typed into lead names", async () => {
      const { answer } = await ask(w.mia, '/lead add "<!channel> Eve" company=Evil');
      expect(answer.text).toContain("&lt;!channel&gt; Eve");
      expect(JSON.stringify(answer.blocks)).not.toContain("<!channel>");
    });
  });

  describe("the qualification modal", () => {
    it("opens pre-filled, saves the answers and posts the result in the channel", async () => {
      const w = await workspace();
      await ask(w.rita, "/qualify jana budget=yes");
      const { view, responseUrl, opened } = await openQualifyForm(w.rita);
      expect(opened.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
      expect(view.callback_id).toBe(FORM_CALLBACK_ID);
      const initial = Object.fromEntries(view.blocks.filter((b) => b.type === "input").map((b) => [b.block_id, b.element?.initial_option?.value]));
      expect(initial).toEqual({ budget: "yes", authority: "unknown", need: "unknown", timing: "unknown" });
      expect(JSON.parse(view.private_metadata)).toEqual({ submit: `/qualify #${w.lead.id}`, channel: CHANNEL, responseUrl });
      // The modal is the answer: nothing is posted to the command's response_url.
      await sleep(50);
      expect(fake.calls.filter((c) => c.path === new URL(responseUrl).pathname)).toHaveLength(0);

      const submitted = await submit(w.rita, view, { budget: "yes", authority: "yes", need: "yes", timing: "no" });
      expect(submitted.body).toBe("");
      const posted = await fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === CHANNEL && String(c.body.text).includes(`#${w.lead.id} Jana`));
      expect(posted.body.text).toMatch(/BANT for #\d+ Jana Novak: 3\/4 positive/);
      expect(posted.body.text).toMatch(/Stage is now SQL/);

      const rita = await w.member(w.rita);
      const saved = await store.prisma.qualification.findMany({ where: { leadId: w.lead.id }, orderBy: { dimension: "asc" } });
      expect(saved.map((q) => [q.dimension, q.answer, q.capturedBy])).toEqual([
        ["authority", "yes", rita.id],
        ["budget", "yes", rita.id],
        ["need", "yes", rita.id],
        ["timing", "no", rita.id],
      ]);
      expect((await store.prisma.lead.findUniqueOrThrow({ where: { id: w.lead.id } })).stage).toBe("sql");
    });

    it("answers with the form as text and an Open button when the modal cannot open", async () => {
      const w = await workspace();
      fake.script("views.open", { body: { ok: false, error: "expired_trigger_id" } });
      const { answer } = await ask(w.rita, "/qualify jana");
      expect(answer.response_type).toBe("ephemeral");
      expect(answer.text).toMatch(/BANT for Jana Novak/);
      const open = buttonsOf(answer).find((b) => b.text.text === "Open the form")!;
      expect(open.value).toBe("/qualify jana");

      const clicked = await click(w.rita, open, true);
      const opened = await fake.waitFor((c) => c.method === "views.open" && c.body.trigger_id === clicked.triggerId);
      expect((opened.body.view as Modal).callback_id).toBe(FORM_CALLBACK_ID);
    });
  });

  describe("buttons", () => {
    it("offers outcome buttons for /log and logs the clicked one, replacing the menu", async () => {
      const w = await workspace();
      const { answer } = await ask(w.rita, "/log jana");
      const buttons = buttonsOf(answer);
      expect(buttons.map((b) => b.value)).toContain(`/log #${w.lead.id} meeting_booked`);
      expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);

      const meeting = buttons.find((b) => b.value.endsWith(" meeting_booked"))!;
      const { responseUrl } = await click(w.rita, meeting, true);
      const result = (await fake.answerAt(responseUrl)).body as unknown as Message;
      expect(result.replace_original).toBe(true);
      expect(result.text).toMatch(/Logged meeting booked for #\d+ Jana Novak\. Score 0 → 25/);

      const rita = await w.member(w.rita);
      const calls = await store.prisma.callLog.findMany({ where: { leadId: w.lead.id } });
      expect(calls.map((c) => [c.outcome, c.memberId])).toEqual([["meeting_booked", rita.id]]);
    });

    it("applies a weights preview confirmed by the manager who asked, and refuses anyone else", async () => {
      const w = await workspace();
      const { answer } = await ask(w.mia, "/weights demo_request 50");
      expect(answer.response_type).toBe("ephemeral");
      expect(answer.text).toMatch(/Preview/);
      const confirm = buttonsOf(answer).find((b) => b.text.text === "Confirm")!;
      expect(confirm.value).toMatch(/^\/weights confirm \w+$/);
      expect(confirm.style).toBe("primary");
      const points = async () => (await store.prisma.rule.findFirstOrThrow({ where: { teamId: w.teamId, key: "demo_request" } })).points;

      const byMax = await click(w.max, confirm, true);
      const refused = (await fake.answerAt(byMax.responseUrl)).body as unknown as Message;
      expect(refused).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(refused.text).toMatch(/Only the manager who asked for this change can confirm it/);
      const byRita = await click(w.rita, confirm, true);
      expect(((await fake.answerAt(byRita.responseUrl)).body as unknown as Message).text).toMatch(/Only managers and admins/);
      expect(await points()).toBe(40);
      expect(await store.prisma.ruleChange.count({ where: { teamId: w.teamId } })).toBe(0);

      const byMia = await click(w.mia, confirm, true);
      const replaced = (await fake.answerAt(byMia.responseUrl, 1)).body as unknown as Message;
      expect(replaced.replace_original).toBe(true);
      expect(replaced.text).toMatch(/Scoring changed by mia/);
      const announced = (await fake.answerAt(byMia.responseUrl, 2)).body as unknown as Message;
      expect(announced).toMatchObject({ response_type: "in_channel", replace_original: false });
      expect(announced.text).toMatch(/Scoring changed by mia/);
      expect(await points()).toBe(50);
    });

    it("claims a lead from an alert's Claim button, announcing it without rewriting the alert", async () => {
      const w = await workspace();
      // The buttons exactly as an alert rendered by this transport carries them.
      const alert = renderBlockKit(
        reply([
          { type: "text", text: "Jana Novak just turned hot" },
          { type: "actions", actions: [{ label: "Claim", command: `/lead claim #${w.lead.id}`, style: "primary" }, { label: "Log call", command: `/log #${w.lead.id}` }] },
        ]),
      ) as unknown as Message;
      const claim = buttonsOf(alert).find((b) => b.text.text === "Claim")!;
      expect(claim.action_id.startsWith(RUN_ACTION_PREFIX)).toBe(true);

      const { responseUrl } = await click(w.rita, claim, false);
      const posted = (await fake.answerAt(responseUrl)).body as unknown as Message;
      expect(posted).toMatchObject({ response_type: "in_channel", replace_original: false });
      expect(posted.text).toMatch(/rita claimed #\d+ Jana Novak \(Acme Logistics\)\. Stage: SAL\./);
      const lead = await store.prisma.lead.findUniqueOrThrow({ where: { id: w.lead.id } });
      expect(lead.ownerId).toBe((await w.member(w.rita)).id);
      expect(lead.stage).toBe("sal");

      const logCall = buttonsOf(alert).find((b) => b.text.text === "Log call")!;
      const menu = await click(w.rita, logCall, false);
      const outcomes = (await fake.answerAt(menu.responseUrl)).body as unknown as Message;
      expect(outcomes).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(buttonsOf(outcomes)).toHaveLength(7);
    });
  });

  it("never logs a token or the signing secret, nor response URLs outside debug logs", async () => {
    const w = await workspace();
    await ask(w.mia, "/lead status jana");
    await openQualifyForm(w.mia);
    expect(logLines.length).toBeGreaterThan(10);
    const logs = logLines.join("");
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SECRET);
    const above = logLines.filter((l) => (JSON.parse(l) as { level: number }).level > 20);
    expect(above.join("")).not.toContain("/respond/");
  });

  describe("request verification", () => {
    const now = () => Math.floor(Date.now() / 1000);
    it.each([
      ["a wrong signature", (body: string) => ({ secret: SECRET, signature: sign("not-the-signing-secret", now(), body) })],
      ["a timestamp older than 5 minutes", (_body: string) => ({ secret: SECRET, timestamp: now() - 6 * 60 })],
      ["no signature at all", (_body: string) => ({ secret: SECRET, signature: "" })],
    ])("rejects a slash command with %s (401) and changes nothing", async (_name, signing) => {
      const user = slackUser(newWorkspace(), "eve");
      const before = await footprint();
      const callsBefore = fake.calls.length;
      const responseUrl = fake.responseUrl();
      const body = slashCommandBody({ user, command: "/lead", text: 'add "Forged Lead"', channel: CHANNEL, responseUrl, triggerId: newTrigger() });
      const result = await sendToApp(slack.port!, body, signing(body));
      expect(result.status).toBe(401);
      await sleep(100);
      expect(await footprint()).toBe(before);
      expect(fake.calls.length).toBe(callsBefore);
    });

    it("rejects a replayed button click signed too long ago and leaves the lead unclaimed", async () => {
      const w = await workspace();
      const before = await footprint();
      const body = blockActionBody({
        user: w.rita,
        button: { action_id: `${RUN_ACTION_PREFIX}0`, value: `/lead claim #${w.lead.id}` },
        channel: CHANNEL,
        responseUrl: fake.responseUrl(),
        triggerId: newTrigger(),
        ephemeral: false,
      });
      const result = await sendToApp(slack.port!, body, { secret: SECRET, timestamp: now() - 10 * 60 });
      expect(result.status).toBe(401);
      await sleep(100);
      expect(await footprint()).toBe(before);
    });
  });

  describe("when things are slow or fail", () => {
    it("acknowledges a slow command within 3 s and answers through response_url", async () => {
      const user = slackUser(newWorkspace(), "sam");
      trouble.state.delayMs = 3200;
      try {
        const started = Date.now();
        const sent = await slash(user, "/help", troubled.port);
        expect(sent.request.status).toBe(200);
        expect(sent.request.ms).toBeLessThan(1000);
        const answer = await fake.answerAt(sent.responseUrl, 1, 10_000);
        expect(answer.at - started).toBeGreaterThanOrEqual(3000);
        expect(String(answer.body.text)).toMatch(/Lead scoring bot/);
      } finally {
        trouble.state.delayMs = 0;
      }
    });

    it("answers politely when handling fails, and keeps serving", async () => {
      const user = slackUser(newWorkspace(), "sam");
      trouble.state.broken = true;
      let failed: RecordedCall;
      try {
        const sent = await slash(user, "/lead list", troubled.port);
        expect(sent.request.status).toBe(200);
        failed = await fake.answerAt(sent.responseUrl);
      } finally {
        trouble.state.broken = false;
      }
      expect(failed.body).toMatchObject({ response_type: "ephemeral" });
      expect(String(failed.body.text)).toMatch(/Sorry, something went wrong on our side/);
      const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "Slack request failed" && l.slackUser === user.id);
      expect(logged).toMatchObject({ level: 50, slackType: "slash_command", slackTeam: user.team.id, command: "/lead", slackChannel: CHANNEL });
      expect(JSON.stringify(logged)).toMatch(/database unreachable/);
      const again = await slash(user, "/help", troubled.port);
      expect(String((await fake.answerAt(again.responseUrl)).body.text)).toMatch(/Lead scoring bot/);
    });

    it("apologises in the person's language, else their team's, when a request fails", async () => {
      const team = newWorkspace();
      const [olena, marek, rita] = ["olena", "marek", "rita"].map((name) => slackUser(team, name)) as [SlackUser, SlackUser, SlackUser];
      fake.knowUser(olena.id, { realName: "Olena Kovalenko", locale: "uk-UA" });
      fake.knowUser(marek.id, { realName: "Marek Nowak", locale: "pl-PL" });
      // Olena founds the team, which speaks Ukrainian; Rita's Slack says no language.
      for (const user of [olena, marek, rita]) await ask(user, "/help");
      // Every request reads the team table before its command runs (is this its first use?).
      const apology = async (user: SlackUser) => {
        const sent = await slash(user, "/help", troubled.port);
        expect(sent.request.status).toBe(200);
        return String((await fake.answerAt(sent.responseUrl)).body.text);
      };
      trouble.state.brokenModels.add("team");
      try {
        expect(await apology(olena)).toBe("Вибачте, у нас щось пішло не так, і ваш запит міг не виконатися. Спробуйте ще раз за хвилину.");
        expect(await apology(marek)).toMatch(/^Przepraszamy, coś poszło nie tak po naszej stronie/);
        expect(await apology(rita)).toMatch(/^Вибачте, у нас щось пішло не так/);
      } finally {
        trouble.state.brokenModels.delete("team");
      }
    });

    it("answers through response_url when Slack says channel_not_found, and keeps serving", async () => {
      const w = await workspace();
      const { view, responseUrl } = await openQualifyForm(w.rita);
      fake.script("chat.postEphemeral", { body: { ok: false, error: "channel_not_found" } });
      await submit(w.rita, view, { budget: "no" });
      const fallback = await fake.answerAt(responseUrl);
      expect(fallback.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(String(fallback.body.text)).toMatch(/BANT for #\d+ Jana Novak: 0\/4 positive/);
      expect(await store.prisma.qualification.count({ where: { leadId: w.lead.id } })).toBe(1);
      expect((await ask(w.rita, "/help")).answer.text).toMatch(/Lead scoring bot/);
    });

    it("waits out a 429 with Retry-After and then posts", async () => {
      const w = await workspace();
      const { view, responseUrl } = await openQualifyForm(w.rita);
      const before = fake.callsTo("chat.postEphemeral").length;
      fake.script("chat.postEphemeral", { status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } });
      await submit(w.rita, view, { budget: "yes" });
      const second = await fake.waitFor(() => fake.callsTo("chat.postEphemeral").length >= before + 2, 8000).then(() => fake.callsTo("chat.postEphemeral")[before + 1]!);
      const first = fake.callsTo("chat.postEphemeral")[before]!;
      expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
      expect(second.body).toMatchObject({ channel: CHANNEL, user: w.rita.id });
      expect(String(second.body.text)).toMatch(/BANT for #\d+ Jana Novak: 1\/4 positive/);
      // Delivered in the channel, so the fallback was not needed.
      await sleep(50);
      expect(fake.calls.filter((c) => c.path === new URL(responseUrl).pathname)).toHaveLength(0);
    });
  });
});
