/**
 * The longest language still fits Slack and Telegram: a broad set of replies (alert, digest,
 * help, lead status and list, weights list and preview, the qualify form, sources, team members
 * and settings, private-chat notices) in every language and the lengthened pseudo-locale en-XA,
 * through the real renderers (Block Kit and its modal, Telegram HTML through the sender with
 * its callback data), against the platforms' published limits:
 *
 * - Slack (docs.slack.dev/reference/block-kit): at most 50 blocks; a section's text and a
 *   context's at most 3000 characters, a section at most 10 fields of 2000; a header at most
 *   150; an actions block at most 25 elements; a button's text at most 75, its action_id 255,
 *   its value 2000; a modal's title, submit and close at most 24, an option's text 75.
 * - Telegram (core.telegram.org/bots/api): a message's text 1-4096 characters after entities
 *   parsing; callback_data 1-64 bytes. A button's text has no documented limit; clients cut a
 *   long one, so we keep each within TELEGRAM_BUTTON_TEXT.
 */
import type { Telegram } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import type { FormProgress } from "../../src/chat/form-model.js";
import type { Reply } from "../../src/chat/reply.js";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import { CALL_OUTCOMES } from "../../src/domain/types.js";
import { LANGUAGES, PSEUDO_LOCALE, translator, type Translator } from "../../src/i18n/index.js";
import { renderBlockKit, SLACK_LIMITS } from "../../src/platforms/slack/block-kit.render.js";
import { renderModal } from "../../src/platforms/slack/modal.render.js";
import { CALLBACK_DATA_LIMIT } from "../../src/platforms/telegram/callback-data.js";
import { MESSAGE_LIMIT } from "../../src/platforms/telegram/html.render.js";
import { formMessage, noticeMessage, TelegramSender, TELEGRAM_BUTTON_TEXT, type HtmlMessage } from "../../src/platforms/telegram/telegram.sender.js";
import type { AlertMessage } from "../../src/services/alerts.service.js";
import type { DigestMessage } from "../../src/services/digest-compose.service.js";
import type { LeadStatus, LeadView } from "../../src/services/lead.service.js";
import type { MappingPreview, SourcesOverview } from "../../src/services/sources.service.js";
import type { TeamSettings } from "../../src/services/team-settings.service.js";
import type { ChangePreview, Mover } from "../../src/services/weights.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { alertReply } from "../../src/views/alert.view.js";
import { digestReply } from "../../src/views/digest.view.js";
import { formQuestion } from "../../src/views/form.view.js";
import { helpIndexReply, helpTopicReply } from "../../src/views/help.view.js";
import { listView, statusView } from "../../src/views/lead.view.js";
import { pickOutcomeReply } from "../../src/views/log.view.js";
import * as privateChat from "../../src/views/private-chat.view.js";
import { shortenedNote } from "../../src/views/platform.view.js";
import { dimensionName, qualifyFormReply } from "../../src/views/qualify.view.js";
import { chooseTypeReply, mappingPreviewReply, sourcesReply } from "../../src/views/sources.view.js";
import * as teamView from "../../src/views/team.view.js";
import { previewReply } from "../../src/views/weights-preview.view.js";
import { didYouMeanReply, rulesReply, whatIfReply } from "../../src/views/weights.view.js";
import { serviceDeps } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { parseTelegramHtml } from "../telegram/fake-telegram.js";

const LOCALES = [...LANGUAGES.map((l) => l.code), PSEUDO_LOCALE];

// Data as long as real teams write it: names, companies, rule labels.
const NAME = "Oleksandra Kovalenko-Shevchenko";
const COMPANY = "Agroprom Trading International LLC";
const now = new Date("2026-03-10T09:00:00Z");
const days = (n: number) => new Date(now.getTime() - n * 86_400_000);

const alert: AlertMessage = {
  leadId: 1234,
  name: NAME,
  company: COMPANY,
  score: 82,
  tierLabel: "Hot",
  action: "Call today",
  stage: "mql",
  owner: null,
  reasons: [
    { label: "Demo request", points: 40 },
    { label: "Pricing page visit", points: 15 },
    { label: "Job title: Head of Procurement", points: 10 },
  ],
};

function digest(mode: DigestMessage["mode"]): DigestMessage {
  const lead = (id: number) => ({ id, name: `${NAME} ${id}`, company: COMPANY, score: 75, owner: "Rita Rep" });
  const week = { sent: 5, acted: 1, share: 0.2, medianToActMs: 1_800_000, byClaim: 1, byCall: 0 };
  return {
    digest: {
      teamId: 1,
      teamName: "Sales EMEA",
      timezone: "Europe/Kyiv",
      localDate: "2026-06-01",
      hotLabel: "Hot",
      hot: Array.from({ length: 40 }, (_, i) => lead(100 + i)),
      newHot: Array.from({ length: 10 }, (_, i) => lead(200 + i)),
      movers: Array.from({ length: 10 }, (_, i) => ({ ...lead(300 + i), from: 40, delta: 35 })),
      coolingDays: 3,
      coolingDown: Array.from({ length: 10 }, (_, i) => ({ ...lead(400 + i), at: new Date("2026-06-03T07:00:00.000Z"), to: 35, expiring: ["Demo request", "Pricing page visit"] })),
      unclaimed: Array.from({ length: 10 }, (_, i) => ({ ...lead(500 + i), owner: null })),
      reps: Array.from({ length: 12 }, (_, i) => ({ name: `Rita Rep ${i}`, hot: 3, claimed: 2 })),
      activity: {
        reps: Array.from({ length: 12 }, (_, i) => ({ memberId: i, name: `Rita Rep ${i}`, role: "rep", hotClaimed: 1, medianFirstCallMs: 5_400_000, firstCalls: 1, meetings: 1, won: 0 })),
        alerts: { sent: 2, acted: 1, share: 0.5, medianToActMs: 90_000_000, byClaim: 1, byCall: 0 },
        fatigue: { weeks: [{ week: "2026-05-25", ...week }], sent: 5, acted: 1, share: 0.2, currentHot: 60, suggestedHot: 85, basis: "acted_scores", command: "/weights thresholds hot=85" },
      },
      extra: [{ section: "calibration", lines: ["Strongest signal: Demo request."] }, { section: "unavailable" }],
    },
    mode,
    ...(mode === "late" ? { digestTime: "09:00" } : {}),
    ...(mode === "request" ? { requestedBy: "Rita Rep" } : {}),
  } as DigestMessage;
}

const hotTier = { key: "hot", label: "Hot", min: 70, action: "Call today" };
const leadRow = { id: 1234, name: NAME, company: COMPANY, score: 82, tier: "Hot", stage: "mql" as const, owner: "Rita Rep", email: "oleksandra@agroprom.example", phone: null, title: "Head of Procurement" };
const status = {
  lead: leadRow,
  team: { timezone: "Europe/Kyiv", config: { framework: "BANT" } },
  result: {
    score: 82,
    tier: hotTier,
    breakdown: Array.from({ length: 12 }, (_, i) => ({ label: `Demo request ${i}`, points: 10, count: 2, expiresAt: new Date("2026-03-20T09:00:00Z") })),
    nextChangeAt: new Date("2026-03-10T14:00:00Z"),
  },
  touches: Array.from({ length: 10 }, () => ({ kind: "call", at: now, outcome: "no_answer", note: "Asked to call back after the budget meeting", member: "Rita Rep" })),
  trend: [{ day: now, score: 60 }],
  answers: [{ dimension: "budget", answer: "yes", note: "CFO signed off the budget for Q3" }],
} as unknown as LeadStatus;
const leads = (count: number): LeadView[] => Array.from({ length: count }, (_, i) => ({ ...leadRow, id: 1000 + i }) as unknown as LeadView);

const config = defaultScoringConfig();
const mover = (id: number): Mover => ({ id, name: NAME, fromScore: 55, toScore: 75, fromTier: "Warm", toTier: "Hot" });
const effect: ChangePreview = {
  summary: "Demo request: 40 → 50 points",
  leadsScored: 1200,
  tierCounts: config.tiers.map((tier) => ({ tier: tier.key, label: tier.label, before: 120, after: 130 })),
  hotTier: "hot",
  movedUp: Array.from({ length: 12 }, (_, i) => mover(i + 1)),
  movedDown: Array.from({ length: 12 }, (_, i) => mover(i + 100)),
  biggestMovers: [],
  pendingId: "abc123",
};

const overview: SourcesOverview = {
  sources: Array.from({ length: 8 }, (_, i) => ({ key: `s${i}`, library: "analytics.js", apiKeyId: i, keyName: "website-tracking", firstSeenAt: days(30), lastSeenAt: now, messages: 12345 })),
  unmapped: [
    ...Array.from({ length: 20 }, (_, i) => ({ name: `/pricing/enterprise-plan-comparison-${i}`, kind: "page" as const, count: 5, lastSeenAt: days(1), suggestion: i % 2 ? "pricing_page" : null })),
    // A page path as long as sites make them: its button's label is cut, never its command.
    { name: `/de/produkte/landwirtschaft/${"bewaesserungssysteme-".repeat(6)}preise`, kind: "page" as const, count: 1, lastSeenAt: now, suggestion: "pricing_page" },
  ],
  moreUnmapped: 30,
  mappings: Array.from({ length: 20 }, (_, i) => ({ pattern: `/pricing-${i}*`, type: "pricing_page" })),
  defaults: false,
  ruleTypes: ["pricing_page", "demo_request"],
};
const mapping = {
  edit: { kind: "map" as const, pattern: "/pricing/enterprise-plan-comparison-1", type: "pricing_page" },
  eventsRetyped: 120,
  anonymousRetyped: 30,
  token: "0123abcd",
  ...effect,
} as unknown as MappingPreview;

const member = (i: number, role: "rep" | "manager" | "admin", status: string) =>
  ({ displayName: `${NAME} ${i}`, username: `oleksandra${i}`, role, platform: "telegram", status, lastActiveAt: days(i), openLeads: i }) as const;
const settings = (joinMode: "open" | "approval"): TeamSettings => ({
  name: "Sales EMEA",
  timezone: "America/Argentina/Buenos_Aires",
  digestTime: "09:00",
  digestDays: "Mon–Fri",
  joinMode,
  channel: { platform: "telegram", id: "-1001234567890", here: true },
  canPostHere: true,
});
const usage = { timezone: "/team timezone <Area/City>", join: "/team join open|approval", role: "/team role <person> rep|manager|admin" };
const choice = (teamId: number) => ({ teamId, teamName: `Sales EMEA ${COMPANY}`, role: "manager" as const, displayName: NAME });

/** Every reply of the set, in `t`'s words, with the renderers' own words in the same language. */
function replies(t: Translator): Array<[string, Reply]> {
  const all: Array<[string, Reply]> = [
    ["the alert", alertReply(alert, t)],
    ...(["scheduled", "late", "request", "preview"] as const).map((mode): [string, Reply] => [`the ${mode} digest`, digestReply(digest(mode), t)]),
    ["/help", helpIndexReply(t, COMMANDS)],
    ...COMMANDS.map((c): [string, Reply] => [`/help ${c.name}`, helpTopicReply(t, c)]),
    ["/lead status", statusView(t, status, now, "Rita Rep")],
    ["/lead list", listView(t, "hot", leads(25), 250)],
    ["/lead list, thousands", listView(t, "all", leads(3000), 3000)],
    ["/log", pickOutcomeReply(t, leadRow, CALL_OUTCOMES)],
    ["/weights", rulesReply(t, config, { usage: "/weights demo_request 45", example: "/weights demo_request 45" })],
    ["a weights preview", previewReply(effect, t)],
    ["a what-if", whatIfReply(t, effect, "/weights demo_request 45")],
    ["did you mean", didYouMeanReply(t, "page", config.rules.slice(0, 8).map((rule) => ({ rule, command: `/weights ${rule.key} 45` })))],
    ["the qualify form", qualifyFormReply(t, { lead: { id: 1234, name: NAME }, framework: "BANT", dimensions: ["budget", "authority", "need", "timing"], answers: { budget: { answer: "yes" } } })],
    ["/sources", sourcesReply(overview, now, t)],
    ["the choice of a type", chooseTypeReply("/pricing/enterprise-plan-comparison-1", config.rules.map((r) => r.key), t)],
    ["a mapping preview", mappingPreviewReply(mapping, t)],
    ["/team members", teamView.membersReply(Array.from({ length: 60 }, (_, i) => member(i, i % 3 ? "rep" : "manager", i % 7 ? "active" : "removed")), now, usage.role, t)],
    ["/team settings", teamView.settingsReply(settings("approval"), usage, t)],
    ["the setup message", teamView.welcomeReply(settings("open"), NAME, t)],
    ["a join request", teamView.joinRequestReply(NAME, 4, "/lead list hot", t)],
    ["the offer of a leaver's leads", teamView.leadsOfferReply({ teamName: "Sales EMEA", member: { id: 4, name: NAME, how: "left the group" }, openLeads: 30, teammates: Array.from({ length: 30 }, (_, i) => ({ id: i, name: `${NAME} ${i}` })), adminName: "Rita Rep" }, t)],
    ["the bot removed from the group", teamView.removedFromGroupReply(`Sales EMEA ${COMPANY}`, t)],
    ["the choice of teams", privateChat.chooseTeamNotice([choice(1), choice(2), choice(3)], 1, t).reply],
  ];
  return all.map(([name, r]) => [name, { ...r, locale: t.locale }]);
}

/** Where the rendered Slack message breaks a limit; empty when it fits. */
function slackProblems(reply: Reply): string[] {
  const { text, blocks } = renderBlockKit(reply);
  const problems: string[] = [];
  const over = (what: string, value: string | undefined, max: number) => {
    if (value !== undefined && value.length > max) problems.push(`${what}: ${value.length} > ${max}`);
  };
  if (blocks.length > SLACK_LIMITS.blocks) problems.push(`${blocks.length} blocks`);
  over("fallback text", text, SLACK_LIMITS.fallbackText);
  type Rendered = { type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ text?: string | { text: string }; action_id?: string; value?: string }> };
  for (const b of blocks as unknown as Rendered[]) {
    if (b.type === "header") over("header", b.text?.text, SLACK_LIMITS.headerText);
    if (b.type === "section") {
      over("section", b.text?.text, SLACK_LIMITS.sectionText);
      if ((b.fields?.length ?? 0) > SLACK_LIMITS.fields) problems.push(`${b.fields!.length} fields`);
      for (const f of b.fields ?? []) over("field", f.text, SLACK_LIMITS.fieldText);
    }
    if (b.type === "context") for (const e of b.elements ?? []) over("context", typeof e.text === "string" ? e.text : e.text?.text, SLACK_LIMITS.contextText);
    if (b.type === "actions") {
      if ((b.elements?.length ?? 0) > SLACK_LIMITS.actionsElements) problems.push(`${b.elements!.length} buttons in a row`);
      for (const e of b.elements ?? []) {
        over("button text", typeof e.text === "string" ? e.text : e.text?.text, SLACK_LIMITS.buttonText);
        over("action_id", e.action_id, 255);
        over("button value", e.value, SLACK_LIMITS.buttonValue);
      }
    }
  }
  return problems;
}

/** Where a Telegram message breaks a limit; empty when it fits. */
function telegramProblems(messages: HtmlMessage[]): string[] {
  const problems: string[] = [];
  if (messages.length === 0) problems.push("nothing to send");
  for (const message of messages) {
    const parsed = parseTelegramHtml(message.html);
    if ("error" in parsed) problems.push(parsed.error);
    else if (parsed.text.trim().length === 0 || parsed.text.length > MESSAGE_LIMIT) problems.push(`text of ${parsed.text.length} characters`);
    for (const button of (message.keyboard ?? []).flat()) {
      const label = button.text;
      if (label.length === 0 || [...label].length > TELEGRAM_BUTTON_TEXT) problems.push(`button text ${JSON.stringify(label)}`);
      const data = "callback_data" in button ? button.callback_data : undefined;
      const bytes = Buffer.byteLength(data ?? "", "utf8");
      if (bytes < 1 || bytes > CALLBACK_DATA_LIMIT) problems.push(`callback_data of ${bytes} bytes: ${data}`);
    }
  }
  return problems;
}

let store: StoreHandle;
let sender: TelegramSender;
const sent: HtmlMessage[] = [];

beforeAll(async () => {
  store = await createTestStore("pglite");
  // The real sender (rendering, splitting, callback data, long commands stored) over a Telegram that only records.
  const telegram = {
    sendMessage: async (_chatId: number, html: string, extra: { reply_markup?: { inline_keyboard?: HtmlMessage["keyboard"] } }) => {
      sent.push({ html, ...(extra.reply_markup?.inline_keyboard ? { keyboard: extra.reply_markup.inline_keyboard } : {}) });
      return { message_id: sent.length };
    },
  } as unknown as Telegram;
  sender = new TelegramSender(telegram, serviceDeps(store));
});
afterAll(async () => store?.close());

async function sentToTelegram(reply: Reply): Promise<HtmlMessage[]> {
  sent.length = 0;
  await sender.send(-1001234567890, reply);
  return [...sent];
}

describe.each(LOCALES)("in %s, every reply fits", (locale) => {
  const t = translator(locale);
  const set = replies(t);

  it.each(set.map(([name]) => name))("Slack's limits: %s", (name) => {
    const reply = set.find(([n]) => n === name)![1];
    expect(slackProblems(reply)).toEqual([]);
    // A form whose modal cannot open is shown as text, with a button to ask again.
    const withButton: Reply = { ...reply, blocks: [...reply.blocks, { type: "actions", actions: [{ label: t.t("platform.slack.openForm"), command: "/qualify #1234" }] }] };
    expect(slackProblems(withButton)).toEqual([]);
  });

  it.each(set.map(([name]) => name))("Telegram's limits: %s", async (name) => {
    const reply = set.find(([n]) => n === name)![1];
    expect(telegramProblems(await sentToTelegram(reply))).toEqual([]);
  });

  it("cuts a reply too long for one Slack message with a note in the reader's language, and splits it into several Telegram messages", async () => {
    const long = set.find(([n]) => n === "/lead list, thousands")![1];
    const { blocks } = renderBlockKit(long);
    expect(blocks).toHaveLength(SLACK_LIMITS.blocks);
    expect(JSON.stringify(blocks.at(-1))).toContain(shortenedNote("slack", t));
    expect((await sentToTelegram(long)).length).toBeGreaterThan(1);
  });

  it("Slack's modal limits for the qualify form", () => {
    const form = set.find(([n]) => n === "the qualify form")![1].blocks.find((b) => b.type === "form");
    if (form?.type !== "form") throw new Error("the qualify form has no form block");
    const modal = renderModal(form, { submit: form.submit }, t);
    for (const part of [modal.title, modal.submit!, modal.close!]) expect(part.text.length).toBeLessThanOrEqual(24);
    for (const block of modal.blocks as unknown as Array<{ type: string; label?: { text: string }; element?: { options?: Array<{ text: { text: string }; value: string }> } }>) {
      if (block.type !== "input") continue;
      expect(block.label!.text.length).toBeLessThanOrEqual(2000);
      const options = block.element?.options ?? [];
      for (const o of options) {
        expect(o.text.text.length).toBeLessThanOrEqual(75);
        expect(o.value.length).toBeLessThanOrEqual(150);
      }
    }
  });

  it("Telegram's limits for each question of the step-by-step form, and for the choice of teams", () => {
    const fields = ["budget", "authority", "need", "timing"].map((d) => ({ id: d, label: dimensionName(t, d), kind: "choice" as const, options: ["yes", "no", "unknown"], initial: "unknown" }));
    const title = t.t("qualify.formTitle", { framework: "BANT", lead: NAME });
    const progress = (step: number): FormProgress => ({
      nonce: "k3Zq9x",
      title,
      submit: "/qualify #1234",
      fields,
      step,
      answers: { budget: "yes", authority: "no", need: "unknown" },
      notes: { budget: "CFO signed off the budget for Q3", authority: "Head of Procurement decides with the board" },
      awaitingNote: false,
    });
    const questions = fields.map((_, step) => formMessage(formQuestion(progress(step), t)));
    expect(telegramProblems(questions)).toEqual([]);
    expect(telegramProblems([noticeMessage(privateChat.chooseTeamNotice([choice(1234567), choice(2)], 1234567, t))])).toEqual([]);
  });
});

