/**
 * Every converted view rendered in the pseudo-locale en-XA, where a catalog word is accented
 * and lengthened: any plain English left is a word that does not come from a catalog. Converting
 * a view adds it here (README, "Languages": converting a view).
 */
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../commands/index.js";
import { reply, type Reply } from "../../src/chat/reply.js";
import { PSEUDO_LOCALE, translator } from "../../src/i18n/index.js";
import type { AlertMessage } from "../../src/services/alerts.service.js";
import type { DigestMessage } from "../../src/services/digest-compose.service.js";
import { alertReply } from "../../src/views/alert.view.js";
import { digestReply } from "../../src/views/digest.view.js";
import { commandMenu, helpIndexReply, helpTopicReply, noSuchCommandReply } from "../../src/views/help.view.js";
import { myLanguageSetReply, myLanguagesReply, teamLanguageSetReply, whichLanguageReply } from "../../src/views/language.view.js";
import type { Failure } from "../../src/services/result.js";
import { failureReply } from "../../src/views/failure.view.js";
import { CASES } from "../views/failure-cases.js";
import { DATA, shown } from "./pseudo-fixtures.js";
import { untranslatedEnglish } from "./untranslated.js";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import type { CalibrationReport } from "../../src/domain/calibration.js";
import type { EditProblem } from "../../src/domain/edits.js";
import type { PhraseProblem } from "../../src/domain/weights-phrase.js";
import type { ChangePreview } from "../../src/services/weights.service.js";
import type { Mover } from "../../src/services/preview.service.js";
import { editProblemText } from "../../src/views/scoring-edit.view.js";
import { phraseProblemText } from "../../src/views/weights-phrase.view.js";
import { previewReply } from "../../src/views/weights-preview.view.js";
import { calibrationReply } from "../../src/views/weights-suggest.view.js";
import {
  cancelledReply,
  changedReply,
  didYouMeanReply,
  historyReply,
  noSuchRuleReply,
  rulesReply,
  setUsageText,
  weightsInputText,
  whatIfReply,
  whichToRemoveReply,
  type WeightsInputProblem,
} from "../../src/views/weights.view.js";
import { CALL_OUTCOMES } from "../../src/domain/types.js";
import type { LeadStatus } from "../../src/services/lead.service.js";
import type { LeadTrend } from "../../src/services/trend.service.js";
import {
  addedView,
  addNameHint,
  assignedView,
  assignHint,
  badDate,
  badEmail,
  badPhone,
  claimedView,
  eventHint,
  eventView,
  leadHint,
  listView,
  notAboveZero,
  notAFilter,
  notWholeNumber,
  snoozedView,
  statusView,
  unknownSubcommand,
} from "../../src/views/lead.view.js";
import { trendBadPeriod, trendChartWords, trendFileTitle, trendLeadHint, trendView } from "../../src/views/lead-trend.view.js";
import { loggedText, logNotOutcome, logNotRight, logUsage, logWhichLead, pickOutcomeReply } from "../../src/views/log.view.js";
import pino from "pino";
import type { CommandContext } from "../../src/chat/command-context.js";
import type { FormMessage, FormProgress } from "../../src/chat/form-model.js";
import { plainLines } from "../../src/chat/rich-text.js";
import { commandRouter } from "../../src/chat/router.js";
import { formCancelText, formPress, formQuestion, formStopped, formUnchangedReply, notePrompt } from "../../src/views/form.view.js";
import { sourcesCommand } from "../../commands/sources.js";
import { parseLine } from "../../src/chat/parse.js";
import type { MappingPreview, SourcesOverview } from "../../src/services/sources.service.js";
import { chooseTypeReply, mappingAppliedReply, mappingCancelledReply, mappingPreviewReply, sourcesReply } from "../../src/views/sources.view.js";
import { didNotReadText, dimensionName, notAnAnswerText, qualifiedReply, qualifyFormReply, whichLeadText } from "../../src/views/qualify.view.js";
// team, digest, admin
import * as teamView from "../../src/views/team.view.js";
import * as privateChat from "../../src/views/private-chat.view.js";
import type { TeamSettings } from "../../src/services/team-settings.service.js";
import * as digestSettings from "../../src/views/digest-settings.view.js";
import { deliveryProblemNotice } from "../../src/views/delivery-problem.view.js";
import type { DigestOverview } from "../../src/services/digest.service.js";

const t = translator(PSEUDO_LOCALE);

const alert: AlertMessage = {
  leadId: 7,
  name: "Jana Novak",
  company: "Acme",
  score: 82,
  tierLabel: "Hot",
  action: "Call today",
  stage: "mql",
  owner: null,
  reasons: [{ label: "Demo request", points: 40 }],
};

function digest(mode: DigestMessage["mode"]): DigestMessage {
  const lead = { id: 3, name: "Bert Fading", company: "Beta", score: 75, owner: "Rita Rep" };
  const week = { sent: 5, acted: 1, share: 0.2, medianToActMs: 1_800_000, byClaim: 1, byCall: 0 };
  return {
    digest: {
      teamId: 1,
      teamName: "Sales",
      timezone: "Europe/Prague",
      localDate: "2026-06-01",
      hotLabel: "Hot",
      hot: [lead, { id: 4, name: "Anna Top", company: null, score: 85, owner: null }, ...Array.from({ length: 11 }, (_, i) => ({ ...lead, id: 10 + i }))],
      newHot: [lead],
      movers: [{ ...lead, from: 40, delta: 35 }],
      coolingDays: 3,
      coolingDown: [
        { ...lead, at: new Date("2026-06-03T07:00:00.000Z"), to: 35, expiring: ["Demo request"] },
        { ...lead, at: new Date("2026-06-04T07:00:00.000Z"), to: 50, expiring: [] },
      ],
      unclaimed: [{ id: 4, name: "Anna Top", company: null, score: 85, owner: null }],
      reps: [{ name: "Rita Rep", hot: 1, claimed: 2 }],
      activity: {
        reps: [{ memberId: 2, name: "Rita Rep", role: "rep", hotClaimed: 1, medianFirstCallMs: 5_400_000, firstCalls: 1, meetings: 1, won: 0 }],
        alerts: { sent: 2, acted: 1, share: 0.5, medianToActMs: 90_000_000, byClaim: 1, byCall: 0 },
        fatigue: { weeks: [{ week: "2026-05-25", ...week }], sent: 5, acted: 1, share: 0.2, currentHot: 60, suggestedHot: 85, basis: "acted_scores", command: "/weights thresholds hot=85" },
      },
      extra: [{ section: "calibration", lines: ["Strongest signal: Demo request."] }, { section: "unavailable" }],
    },
    mode,
    ...(mode === "late" ? { digestTime: "09:00" } : {}),
    ...(mode === "request" ? { requestedBy: "Rita Rep" } : {}),
  };
}

const VIEWS: Array<[string, () => Reply]> = [
  ["the alert", () => alertReply(alert, t)],
  ["a claimed alert", () => alertReply({ ...alert, owner: "Rita Rep", stage: "won" }, t)],
  ...(["scheduled", "late", "request", "preview"] as const).map((mode): [string, () => Reply] => [`the ${mode} digest`, () => digestReply(digest(mode), t)]),
  ["/help", () => helpIndexReply(t, COMMANDS)],
  ["/help of an unknown command", () => noSuchCommandReply(t, "nope", ["lead", "help"])],
  ["/me", () => myLanguagesReply(t, { chosen: null, person: "uk", team: "pl" })],
  ["/me language", () => myLanguageSetReply(t, "ro", "ro")],
  ["/me language auto", () => myLanguageSetReply(t, null, "uk")],
  ["/team language", () => teamLanguageSetReply(t, "uk", "Olena")],
  ["a language command without a language", () => whichLanguageReply(t, "/me language <uk|ru|pl|ro|en|auto>")],
];

describe("the pseudo-locale finds no English left", () => {
  it.each(VIEWS)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), DATA)).toEqual([]);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))("in /help %s", (_name, command) => {
    // A help text's examples are typed words (yes, budget, won), the same in every language.
    expect(untranslatedEnglish(shown(helpTopicReply(t, command)), [...DATA, ...Object.values(command.examples ?? {})])).toEqual([]);
  });

  /** Failures still worded outside the catalogs: by the domain (describeIssues), scoring-edit.view and lead-file.view. */
  const NOT_CONVERTED = new Set(["attributes_unfit", "file_unreadable"]);
  const failures = (Object.values(CASES).flat() as Array<[Failure, string]>).filter(([f]) => !NOT_CONVERTED.has(f.reason));

  it.each(failures.map(([failure]) => [`${failure.reason} ${JSON.stringify(failure)}`, failure] as const))("in the failure %s", (_name, failure) => {
    // What the failure carries (what was typed, names, known keys) is data.
    const data = JSON.stringify(failure).match(/"[^"]*"/g)!.map((q) => JSON.parse(q) as string).filter((v) => !["code", "reason", "what"].includes(v));
    expect(untranslatedEnglish(shown(failureReply(failure, t, (id) => `/lead status #${id}`)), [...DATA, ...data])).toEqual([]);
  });

  it("in Telegram's command menu", () => {
    expect(untranslatedEnglish(commandMenu(t, COMMANDS).map((c) => c.description).join("\n"))).toEqual([]);
  });

  it("and the finder itself catches English that no catalog said", () => {
    const english = { blocks: [{ type: "text" as const, text: `${t.t("alert.why")} Score went up` }], visibility: "ephemeral" as const, tone: "ok" as const };
    expect(untranslatedEnglish(shown(english))).toEqual(["Score", "went", "up"]);
    expect(untranslatedEnglish("/lead claim #12 · demo_request · Jana Novak", ["Jana Novak"])).toEqual([]);
  });
});

// weights
describe("the pseudo-locale finds no English left in /weights and /weights suggest", () => {
  const config = defaultScoringConfig();
  const demo = config.rules.find((r) => r.key === "demo_request")!;
  const mover = (id: number): Mover => ({ id, name: "Jana Novak", fromScore: 55, toScore: 65, fromTier: "warm", toTier: "hot" });
  const effect: ChangePreview = {
    summary: "Demo request",
    leadsScored: 12,
    tierCounts: [{ tier: "hot", label: "Hot", before: 2, after: 3 }],
    hotTier: "hot",
    movedUp: Array.from({ length: 10 }, (_, i) => mover(i + 1)),
    movedDown: [mover(20)],
    biggestMovers: [],
    pendingId: "abc123",
  };
  const calm: ChangePreview = { ...effect, movedUp: [], movedDown: [] };
  const rate = (won: number, total: number) => ({ won, total, rate: won / total, low: 0.1, high: 0.9 });
  const signal = (key: string, verdict: "better" | "not_enough_data", total: number) => ({
    key,
    label: "Demo request",
    points: 40,
    withSignal: rate(total > 0 ? 1 : 0, Math.max(total, 1)),
    withoutSignal: rate(1, 4),
    lift: verdict === "better" ? 2.5 : null,
    pValue: 0.01,
    adjustedP: 0.02,
    verdict,
    tested: 2,
  });
  const report: CalibrationReport = {
    asOf: new Date("2026-06-01T00:00:00.000Z"),
    labelled: 40,
    won: 12,
    lost: 28,
    unlabelled: 5,
    minimums: { labelled: 30, eachResult: 10, perGroup: 10, perTier: 10 },
    enoughData: true,
    notEnough: null,
    rules: [signal("demo_request", "better", 20), { ...signal("pricing_page", "better", 10), lift: Number.POSITIVE_INFINITY }, signal("webinar", "not_enough_data", 3), { ...signal("careers_page", "not_enough_data", 0), withSignal: { won: 0, total: 0, rate: 0, low: 0, high: 1 } }],
    tiers: [
      { key: "hot", label: "Hot", min: 70, conversion: rate(6, 10), enough: true },
      { key: "cold", label: "Hot", min: null, conversion: rate(1, 3), enough: false },
    ],
    hotVsWarm: { verdict: "unclear", pValue: 0.3, hot: { key: "hot", label: "Hot", min: 70, conversion: rate(6, 10), enough: true }, warm: { key: "cold", label: "Hot", min: null, conversion: rate(1, 3), enough: true }, threshold: { tier: "hot", from: 70, to: 80, above: rate(3, 5), below: rate(2, 9) } },
    suggestion: { status: "ok", changes: [{ key: "demo_request", label: "Demo request", from: 40, to: 50 }], unchanged: [], tooFewLeads: [], pointsPerLogOdds: 10 },
  };
  const problems: PhraseProblem[] = [
    { kind: "empty" },
    { kind: "reserved", word: "suggest" },
    { kind: "no_rule_named" },
    { kind: "no_rule", typed: "Acme" },
    { kind: "several_numbers", numbers: [10, 20] },
    { kind: "points_and_delta" },
    { kind: "which_rule", typed: "Acme", rules: [demo, demo] },
    { kind: "how_long", rule: demo },
    { kind: "how_many_times", rule: demo },
    { kind: "by_how_much", rule: demo },
    { kind: "how_many_points", rule: demo },
  ];
  const editProblems: EditProblem[] = [
    { kind: "rule_unfit", key: "demo_request", problem: { kind: "points_out_of_range", max: 9_999 } },
    { kind: "rule_unfit", key: "demo_request", problem: { kind: "validity_out_of_range", max: 36_500 } },
    { kind: "rule_unfit", key: "demo_request", problem: { kind: "max_count_out_of_range", max: 9_999 } },
    { kind: "rule_unfit", key: "demo_request", problem: { kind: "label_length", max: 120 } },
    { kind: "rule_unfit", key: "demo_request", problem: { kind: "label_text", issue: "nul" } },
    { kind: "rule_unfit", key: "demo_request", problem: { kind: "label_text", issue: "broken_unicode" } },
    { kind: "rule_unfit", key: "demo_request", problem: { kind: "event_type_unfit", max: 64 } },
    { kind: "thresholds_out_of_range", max: 9_999 },
    { kind: "no_rule", key: "demo_request" },
    { kind: "rule_unchanged", label: "Demo request" },
    { kind: "no_tier", key: "hot", tiers: ["hot"] },
    { kind: "tier_without_threshold", label: "Hot" },
    { kind: "tiers_out_of_order", above: { key: "hot", min: 40 }, below: { key: "hot", min: 40 } },
    { kind: "thresholds_unchanged" },
    { kind: "rule_exists", key: "demo_request" },
    { kind: "rule_repeated" },
    { kind: "rules_unchanged" },
  ];
  const inputs: WeightsInputProblem[] = (
    [
      "points", "whichRuleListed", "setOptions", "thresholdNumber", "oneThreshold", "ruleKey", "addOptions", "notRight", "howManyPoints", "thresholdForm",
      "whichRule", "confirmWhich", "cancelWhich", "suggestArgs", "suggestKey", "suggestPoints", "suggestWhich", "suggestNoArgs",
    ] as const
  ).map((kind) => ({ kind }) as WeightsInputProblem);
  inputs.push({ kind: "duration", typed: "Acme" }, { kind: "maxCount", typed: "Acme" }, { kind: "notPoints", typed: "Acme" });
  const text = (words: string): Reply => ({ blocks: [{ type: "text", text: words }], visibility: "ephemeral", tone: "ok" });
  // Rule keys, labels, tier keys and typed examples are data; so are the domain's own summaries.
  const WEIGHTS_DATA = [
    ...DATA,
    ...config.rules.flatMap((r) => [r.key, r.label, r.group ?? ""]).filter(Boolean),
    ...config.tiers.map((tier) => tier.key),
    config.framework,
    ...["valid=90d", "valid=none", "max=5", "max=none", "max=Acme", "valid=", "max=", "type=", "label=", "hot=70 warm=40", "hot=70", "trade_show", "demo_request=50"],
    ...["intent", "webinar", "suggest", "/weights demo_request 45", "/weights suggest", "/log <lead>", "won", "lost", "not_interested", "tier=points", "/weights undo"],
    ...['"demo requests 50"', '"careers page -15"', '"pricing valid 45 days"', '"website visits max 3"', '"by"'],
    ...['"demo_request valid 45 days"', '"valid forever"', '"demo_request max 3"', '"no max"', '"raise demo_request by 10"', '"demo_request 50"'],
  ];
  const VIEWS_W: Array<[string, () => Reply]> = [
    ["a preview", () => previewReply(effect, t)],
    ["a preview that moves no tier", () => previewReply({ ...calm, biggestMovers: [mover(1)] }, t)],
    ["a preview that moves no score", () => previewReply(calm, t)],
    ["a what-if", () => whatIfReply(t, effect, "/weights demo_request 45")],
    ["did you mean", () => didYouMeanReply(t, "Acme", [{ rule: demo, command: "/weights demo_request 45" }])],
    ["which to remove", () => whichToRemoveReply(t, "Acme", [demo])],
    ["no such rule", () => noSuchRuleReply(t, "Acme", "/weights remove <rule>")],
    ["a confirmed change", () => changedReply(t, "Rita Rep", { summary: "Demo request", leadsChanged: 3, nowInTopTier: 2, topTier: "hot" })],
    ["a cancelled change", () => cancelledReply(t, "Demo request")],
    ["the rules, to a manager", () => rulesReply(t, { ...config, rules: [...config.rules, { ...demo, active: false, group: "intent" }], groupCaps: { intent: 40 } }, { usage: "/weights demo_request 45", example: "/weights demo_request 45" })],
    ["the rules, to a rep", () => rulesReply(t, config, null)],
    ["no history", () => historyReply(t, [], "Europe/Kyiv")],
    ["the history", () => historyReply(t, [{ at: new Date("2026-06-01T07:00:00.000Z"), by: "Rita Rep", summary: "Demo request", undone: true }], "Europe/Kyiv")],
    ["the usage in words", () => text(setUsageText(t, "/weights demo_request 45", ["/weights demo_request 45"]))],
    ["the calibration report", () => calibrationReply(t, report)],
    ["a calibration report that suggests nothing", () => calibrationReply(t, { ...report, suggestion: { status: "none", reason: "no_separation" } })],
    ["a calibration report whose weights fit", () => calibrationReply(t, { ...report, suggestion: { status: "ok", changes: [], unchanged: [], tooFewLeads: [], pointsPerLogOdds: 10 } })],
    ["a calibration report without enough data", () => calibrationReply(t, { ...report, enoughData: false, notEnough: null })],
    ...problems.map((p): [string, () => Reply] => [`the phrase problem ${p.kind}`, () => text(phraseProblemText(p, t))]),
    ...editProblems.map((p): [string, () => Reply] => [`the edit problem ${JSON.stringify(p)}`, () => text(editProblemText(p, t))]),
    ...inputs.map((p): [string, () => Reply] => [`the input problem ${p.kind}`, () => text(weightsInputText(t, p))]),
  ];

  it.each(VIEWS_W)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), WEIGHTS_DATA)).toEqual([]);
  });
});

// ---- lead commands -----------------------------------------------------------------------------

describe("the pseudo-locale finds no English left in /lead and /log", () => {
  const now = new Date("2026-03-10T09:00:00Z");
  const hot = { key: "hot", label: "Hot", min: 70, action: "Call today" };
  const lead = { id: 12, name: "Jana Novak", company: "Acme", score: 82, tier: "Hot", stage: "mql" as const, owner: null, email: null, phone: null, title: null };
  const status = {
    lead,
    team: { timezone: "Europe/Kyiv", config: { framework: "BANT" } },
    result: {
      score: 82,
      tier: hot,
      breakdown: [
        { label: "Demo request", points: 30, count: 2, expiresAt: new Date("2026-03-20T09:00:00Z") },
        ...Array.from({ length: 9 }, () => ({ label: "Demo request", points: 1, count: 1, expiresAt: null })),
      ],
      nextChangeAt: new Date("2026-03-10T14:00:00Z"),
    },
    touches: [
      { kind: "event", at: now, type: "demo_request", note: null },
      { kind: "call", at: now, outcome: "no_answer", note: null, member: "Rita Rep" },
    ],
    trend: [{ day: now, score: 60 }],
    answers: [{ dimension: "budget", answer: "yes", note: null }],
  } as unknown as LeadStatus;
  const trend = {
    lead,
    days: 30,
    timezone: "Europe/Kyiv",
    points: [{ day: "2026-03-01", score: 60 }],
    markers: [
      { at: now, day: "2026-03-10", points: 30, type: "event", eventType: "demo_request", rule: "Demo request" },
      { at: now, day: "2026-03-10", points: 0, type: "call", outcome: "no_answer" },
      { at: now, day: "2026-03-10", points: 10, type: "qualification", framework: "BANT", dimension: "budget", answer: "yes" },
    ],
    tiers: [hot],
    current: { score: 82, tier: hot },
  } as unknown as LeadTrend;
  const text = (s: string) => ({ blocks: [{ type: "text" as const, text: s }], visibility: "ephemeral" as const, tone: "ok" as const });
  const LEAD_VIEWS: Array<[string, () => Reply]> = [
    ["/lead status", () => statusView(t, status, now, "Rita Rep")],
    ["/lead status, nothing scored", () => statusView(t, { ...status, result: { ...status.result, breakdown: [] }, trend: [] }, now, "Rita Rep")],
    ["/lead add", () => addedView(t, lead)],
    ["/lead list", () => listView(t, "hot", [lead], 3)],
    ["/lead list mine, none", () => listView(t, "mine", [], 0)],
    ["/lead list unclaimed", () => listView(t, "unclaimed", [lead], 1)],
    ["/lead claim", () => claimedView(t, "Rita Rep", lead, "Anna Top")],
    ["/lead assign", () => assignedView(t, lead, "Anna Top", "Rita Rep")],
    ["/lead event", () => eventView(t, "demo_request", lead, { from: { score: 60, tier: "Warm" }, to: { score: 82, tier: "Hot" } })],
    ["/lead event, unchanged", () => eventView(t, "demo_request", lead, undefined)],
    ["/lead snooze", () => snoozedView(t, "Rita Rep", lead, now)],
    ["/lead trend", () => trendView(t, trend, 22, 90)],
    ["/lead trend, still", () => trendView(t, { ...trend, markers: [] }, 0, 90)],
    ["/lead trend chart words", () => {
      const words = trendChartWords(t, trend, 0);
      return text([words.subtitle, words.footnote, ...trend.markers.map(words.markerLabel), trendFileTitle(t, "Jana Novak", 30)].join("\n"));
    }],
    ["/lead mistakes", () => text([leadHint(t), addNameHint(t, "/lead add x"), badEmail(t), badPhone(t), badDate(t, "last_purchase", "2026-03-31"), notWholeNumber(t, "cycle_days"), notAboveZero(t, "cycle_days"), assignHint(t, "/lead assign acme @anna"), eventHint(t, "/lead event acme demo_request"), notAFilter(t, "blah"), unknownSubcommand(t, "/lead blah"), unknownSubcommand(t, undefined), trendLeadHint(t, "/lead trend acme 90"), trendBadPeriod(t, "45")].join("\n"))],
    ["/log, no outcome", () => pickOutcomeReply(t, lead, CALL_OUTCOMES)],
    ["/log", () => text(loggedText(t, { lead: { ...lead, stage: "won" }, outcome: "meeting_booked", scoreBefore: 60, stageChanged: true }))],
    ["/log mistakes", () => text([logUsage(t, CALL_OUTCOMES), logWhichLead(t), logNotRight(t), logNotOutcome(t, "blah")].join("\n"))],
  ];

  it.each(LEAD_VIEWS)("in %s", (_name, render) => {
    // Typed words (outcomes, options, examples) are the same in every language.
    expect(untranslatedEnglish(shown(render()), [...DATA, "blah", "BANT", ...CALL_OUTCOMES, "last_purchase", "cycle_days", "2026-03-31", "@anna"])).toEqual([]);
  });
});

// qualify, forms, chat layer
describe("the pseudo-locale finds no English left in /qualify, its form and the router", () => {
  const lead = { id: 7, name: "Jana Novak", company: null, stage: "sql" as const, score: 82, tier: "hot" };
  const title = t.t("qualify.formTitle", { framework: "BANT", lead: "Jana Novak" });
  const fields = ["budget", "authority", "need", "timing"].map((d) => ({ id: d, label: dimensionName(t, d), kind: "choice" as const, options: ["yes", "no", "unknown"], initial: "unknown" }));
  const progress = (step: number): FormProgress => ({
    nonce: "abc",
    title,
    submit: "/qualify #7",
    fields,
    step,
    answers: { budget: "yes", authority: "no" },
    notes: { authority: "Olena" },
    awaitingNote: false,
  });
  const message = (m: FormMessage) => [plainLines(m.lines), ...(m.buttons ?? []).flat().map((b) => b.label)].join("\n");
  const silent = pino({ level: "silent" });
  const ctx = {
    deps: {} as CommandContext["deps"],
    actor: { teamId: 1, memberId: 1 } as CommandContext["actor"],
    languages: { answer: PSEUDO_LOCALE, channel: PSEUDO_LOCALE, private: PSEUDO_LOCALE },
  } satisfies CommandContext;
  const broken = { name: "boom", run: () => Promise.reject(new Error("bug")) };
  const route = (text: string) => commandRouter([broken])(text, ctx, silent);
  // Answers and examples people type stay as typed, in every language.
  const DATA_HERE = [...DATA, "BANT", "CHAMP", 'need="yes: replacing Excel"', "yes", "no", "unknown"];
  /** The form as a platform asks it: its title, its questions, and the line to type instead (the text fallback of a form block is the renderer's). */
  const formShown = (r: Reply) =>
    r.blocks.flatMap((b) => (b.type === "form" ? [b.title, ...b.fields.map((f) => f.label)] : b.type === "context" ? [b.text] : [])).join("\n");

  it.each([
    ["the /qualify form", () => formShown(qualifyFormReply(t, { lead, framework: "BANT", dimensions: ["budget", "authority", "need", "timing"], answers: { budget: { answer: "yes" } } }))],
    ["the CHAMP dimensions", () => ["challenges", "authority", "money", "prioritization"].map((d) => dimensionName(t, d)).join(" ")],
    [
      "/qualify's answer, the stage changed",
      () =>
        shown(
          qualifiedReply(t, {
            lead,
            framework: "BANT",
            progress: { positive: 2, total: 4, dimensions: [{ dimension: "budget", answer: "yes" }, { dimension: "need", answer: null }] } as never,
            stageChanged: true,
          }),
        ),
    ],
    ["/qualify's answer", () => shown(qualifiedReply(t, { lead, framework: "BANT", progress: { positive: 1, total: 4, dimensions: [] } as never, stageChanged: false }))],
    ["/qualify with an answer it cannot read", () => `${notAnAnswerText(t, "може")} ${whichLeadText(t)} ${didNotReadText(t)}`],
    ["a form's first question", () => message(formQuestion(progress(0), t))],
    ["a form's third question, with answers and a note above", () => message(formQuestion(progress(2), t))],
    ["a form's text question", () => message(formQuestion({ ...progress(0), fields: [{ id: "why", label: "Olena", kind: "text" }] }, t))],
    ["a stopped form", () => message(formStopped(title, t))],
    ["the prompt for a note", () => { const p = notePrompt({ id: "1", name: "Olena" }, "Olena", t); return `${message({ lines: p.lines })}\n${p.placeholder}`; }],
    ["a form with every question skipped", () => shown(formUnchangedReply(title, t))],
    ["/cancel", () => `${formCancelText(true, t)}\n${formCancelText(false, t)}`],
    ...(["notYours", "stale", "ended", "stopped", "busy", "notAnOption", "answered"] as const).map((o) => [`a press told "${o}"`, () => formPress(o, t).text] as const),
  ] as Array<readonly [string, () => string]>)("in %s", (_name, render) => {
    expect(untranslatedEnglish(render(), DATA_HERE)).toEqual([]);
  });

  it.each([
    ["a line without a slash", "hello"],
    ["an unknown command", "/nope"],
    ["a line too long", `/boom ${"x".repeat(9000)}`],
    ["a character the store refuses", "/boom \u0000"],
    ["a command that failed", "/boom"],
  ])("in the router's answer to %s", async (_name, text) => {
    expect(untranslatedEnglish(shown(await route(text)), DATA_HERE)).toEqual([]);
  });
});

// sources
describe("the pseudo-locale finds no English left in /sources", () => {
  const now = new Date("2026-03-10T09:00:00Z");
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const overview: SourcesOverview = {
    sources: [
      { key: "a", library: "analytics.js", apiKeyId: 1, keyName: "website-tracking", firstSeenAt: days(30), lastSeenAt: now, messages: 1234 },
      { key: "b", library: "analytics-node", apiKeyId: null, keyName: null, firstSeenAt: days(3), lastSeenAt: days(1), messages: 1 },
      { key: "c", library: "rudder-sdk-js", apiKeyId: 2, keyName: null, firstSeenAt: days(2), lastSeenAt: days(2), messages: 3 },
    ],
    unmapped: [
      { name: "/pricing/enterprise", kind: "page", count: 5, lastSeenAt: days(1), suggestion: "pricing_page" },
      { name: "Trial Started", kind: "track", count: 1, lastSeenAt: now, suggestion: null },
    ],
    moreUnmapped: 3,
    mappings: [{ pattern: "/pricing*", type: "pricing_page" }],
    defaults: true,
    ruleTypes: ["pricing_page", "demo_request"],
  };
  const edit = { kind: "map" as const, pattern: "Trial Started", type: "demo_request" };
  const preview = (retyped: number, anonymous: number): MappingPreview => ({
    edit,
    eventsRetyped: retyped,
    anonymousRetyped: anonymous,
    token: "0123abcd",
    leadsScored: 4,
    tierCounts: [],
    movedUp: [],
    movedDown: [],
    biggestMovers: [{ id: 1, name: "Jana Novak", fromTier: "Hot", fromScore: 1, toTier: "Hot", toScore: 2 }],
  } as unknown as MappingPreview);
  // Data: libraries, names and patterns people or their tools chose; the README section named.
  const DATA_HERE = [...DATA, "analytics.js", "analytics-node", "rudder-sdk-js", "Trial Started", "Segment", "RudderStack", "API", "README", "Connect your website and tools"];
  /** The preview's own words: the tier counts and movers below them are weights-preview.view's, not converted here. */
  const ownPart = (r: Reply) => ({ ...r, blocks: r.blocks.filter((b) => b.type !== "list" && b.type !== "fields") });

  it.each([
    ["/sources", () => shown(sourcesReply(overview, now, t))],
    ["/sources with nothing yet", () => shown(sourcesReply({ ...overview, sources: [], unmapped: [], defaults: false }, now, t))],
    ["the choice of a rule type", () => shown(chooseTypeReply("Trial Started", ["demo_request"], t))],
    ["a preview retyping nothing", () => shown(ownPart(mappingPreviewReply(preview(0, 0), t)))],
    ["a preview retyping events", () => shown(ownPart(mappingPreviewReply(preview(2, 1), t)))],
    ["an unmapping's preview", () => shown(ownPart(mappingPreviewReply({ ...preview(1, 0), edit: { kind: "unmap", pattern: "Trial Started" } }, t)))],
    ["a mapping applied", () => shown(mappingAppliedReply({ edit, eventsRetyped: 3, leadsChanged: 1, nowInTopTier: 2, topTier: "Hot" }, t))],
    ["an unmapping applied", () => shown(mappingAppliedReply({ edit: { kind: "unmap", pattern: "Trial Started" }, eventsRetyped: 1, leadsChanged: 0, nowInTopTier: 0, topTier: "Hot" }, t))],
    ["a mapping change cancelled", () => shown(mappingCancelledReply(t))],
  ] as Array<readonly [string, () => string]>)("in %s", (_name, render) => {
    expect(untranslatedEnglish(render(), DATA_HERE)).toEqual([]);
  });

  it.each([
    ["/sources map without a pattern", "/sources map"],
    ["/sources map with too many words", "/sources map Trial Started demo_request"],
    ["/sources unmap without a pattern", "/sources unmap"],
    ["/sources with a bad confirmation", '/sources unmap "/pricing*" confirm=nope'],
    ["/sources with an option it does not take", '/sources unmap "/pricing*" force=yes'],
    ["/sources with a word it does not know", "/sources frobnicate"],
  ])("in %s", async (_name, text) => {
    const ctx = { languages: { answer: PSEUDO_LOCALE, channel: PSEUDO_LOCALE, private: PSEUDO_LOCALE } } as CommandContext;
    const answer = await sourcesCommand.run(parseLine(text)!, ctx);
    expect(answer.tone).toBe("usage");
    expect(untranslatedEnglish(shown(answer), [...DATA_HERE, "frobnicate", "confirm="])).toEqual([]);
  });
});

// team, digest, admin
describe("the pseudo-locale finds no English left in joining, leaving and private chats", () => {
  const settings = (channel: TeamSettings["channel"], canPostHere = true): TeamSettings => ({
    name: "Sales",
    timezone: "Europe/Kyiv",
    digestTime: "09:00",
    digestDays: "Mon–Fri",
    joinMode: "open",
    channel,
    canPostHere,
  });
  const choice = (teamId: number, role: "rep" | "manager" | "admin") => ({ teamId, teamName: teamId === 1 ? "Sales" : "Beta", role, displayName: "Olena" });
  const offer = { teamName: "Sales", member: { id: 4, name: "Rita Rep", how: "left the group" }, openLeads: 3, teammates: [{ id: 5, name: "Anna Top" }], adminName: "Olena" };
  const notices: Array<[string, () => Reply]> = [
    ["the setup message, alerts here", () => teamView.welcomeReply(settings({ platform: "telegram", id: "-100", here: true }), "Olena", t)],
    ["the setup message, alerts elsewhere", () => teamView.welcomeReply({ ...settings({ platform: "slack", id: "C123", here: false }), digestDays: "every day" }, "Olena", t)],
    ["the setup message, alerts nowhere", () => teamView.welcomeReply(settings(null), "Olena", t)],
    ["removed", () => teamView.removedReply("Sales", t)],
    ["waiting", () => teamView.waitingReply("Sales", t)],
    ["a join request", () => teamView.joinRequestReply("Rita Rep", 4, "/lead list hot", t)],
    ["a join request without a command", () => teamView.joinRequestReply("Rita Rep", 4, null, t)],
    ["the bot removed from the group", () => teamView.removedFromGroupReply("Sales", t)],
    // `how` is still worded by the platform.
    ["the offer of a leaver's leads", () => teamView.leadsOfferReply(offer, t)],
    ...(["telegram", "slack", "console"] as const).map((p): [string, () => Reply] => [`on no team (${p})`, () => privateChat.noTeamNotice(p, null, t).reply]),
    ["removed, on another team", () => privateChat.removedHereNotice("Sales", 1, t).reply],
    ["removed, on two other teams", () => privateChat.removedHereNotice("Sales", 2, t).reply],
    ["the choice of teams", () => privateChat.chooseTeamNotice([choice(1, "rep"), choice(2, "admin")], 1, t).reply],
    ["the choice of teams, none yet", () => privateChat.chooseTeamNotice([choice(1, "rep"), choice(2, "admin")], null, t).reply],
    ...(["rep", "manager", "admin"] as const).map((role): [string, () => Reply] => [`linked as ${role}`, () => privateChat.linkedNotice(choice(1, role), t).reply]),
    ["a team chosen", () => privateChat.teamChosenNotice("telegram", choice(1, "manager"), t).notice.reply],
    ["a team not chosen", () => privateChat.teamChosenNotice("slack", null, t).notice.reply],
    ["/start in the group", () => privateChat.groupIntroNotice("Sales", { name: "Olena", role: "admin" }, "lead_bot", t).reply],
    ["a channel", () => privateChat.unsupportedChatNotice(t).reply],
  ];
  const data = [...DATA, "left the group", "@lead_bot", "C123"];

  it.each(notices)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), data)).toEqual([]);
  });

  it("in the pop-ups of the choice of teams", () => {
    const popups = [privateChat.chooseTeamNotice([choice(1, "rep"), choice(2, "admin")], 1, t).popup, privateChat.teamChosenNotice("slack", null, t).toast];
    expect(untranslatedEnglish(popups.join("\n"), data)).toEqual([]);
  });
});

// team, digest, admin
describe("the pseudo-locale finds no English left in /digest and delivery problems", () => {
  const at = new Date("2026-06-01T07:00:00.000Z");
  const overview = (channel: DigestOverview["settings"]["channel"], more: Partial<DigestOverview> = {}): DigestOverview => ({
    settings: { id: 1, name: "Sales", timezone: "Europe/Kyiv", digestTime: "09:00", digestDays: "1-5", channel },
    days: "Mon–Fri",
    sentToday: null,
    lastSent: null,
    deliveryProblem: null,
    ...more,
  });
  const reason = "bot was kicked";
  const replies: Array<[string, () => Reply]> = [
    ...[true, false].map((manager): [string, () => Reply] => [`/digest without a chat (manager: ${manager})`, () => digestSettings.digestSettingsReply(overview(null), manager, t)]),
    ...[true, false].map((manager): [string, () => Reply] => [
      `/digest, sent today, not delivered (manager: ${manager})`,
      () => digestSettings.digestSettingsReply(overview({ platform: "telegram", id: "-100" }, { sentToday: at, deliveryProblem: { reason, since: at } }), manager, t),
    ]),
    ["/digest, sent before", () => digestSettings.digestSettingsReply(overview({ platform: "slack", id: "C123" }, { lastSent: at, days: "every day" }), true, t)],
    ["/digest, never sent", () => digestSettings.digestSettingsReply(overview({ platform: "slack", id: "C123" }), true, t)],
    ["/digest now, today", () => digestSettings.digestSentReply({ kind: "today", channel: { platform: "slack", id: "C123" } }, t)],
    ["/digest now, extra", () => digestSettings.digestSentReply({ kind: "extra", channel: { platform: "slack", id: "C123" }, sentToday: at }, t)],
    ["/digest now, just done", () => digestSettings.digestSentReply({ kind: "duplicate" }, t)],
    ["/digest time", () => digestSettings.digestTimeSetReply("08:30", "Europe/Kyiv", t)],
    ["/digest days", () => digestSettings.digestDaysSetReply("Mon, Wed, Fri", t)],
    ["/digest channel", () => digestSettings.digestChannelSetReply("Olena", t)],
    ...(["timeFormat", "timeOne", "days", "unknown"] as const).map((p): [string, () => Reply] => [`/digest problem ${p}`, () => reply([{ type: "text", text: digestSettings.digestProblem(p, t, "nope") }])]),
    ["the delivery-problem notice", () => deliveryProblemNotice({ teamName: "Sales", platform: "telegram", channel: "-100", reason, since: at, adminName: "Olena" }, t)],
  ];

  it.each(replies)("in %s", (_name, render) => {
    // The platform's reason, a chat id and a mistyped subcommand are data; Slack and Telegram are names.
    expect(untranslatedEnglish(shown(render()), [...DATA, reason, "C123", "nope", "Slack", "Telegram"])).toEqual([]);
  });
});

// team, digest, admin
describe("the pseudo-locale finds no English left in /team members and /team settings", () => {
  const now = new Date("2026-06-10T12:00:00.000Z");
  const member = (role: "rep" | "manager" | "admin", status: string, openLeads: number, lastActiveAt: Date | null) =>
    ({ displayName: "Rita Rep", username: "rita", role, platform: "telegram", status, lastActiveAt, openLeads }) as const;
  const members = [
    member("admin", "active", 0, now),
    member("manager", "pending", 1, new Date("2026-06-09T11:00:00.000Z")),
    member("rep", "active", 5, null),
    member("rep", "removed", 2, new Date("2026-06-01T11:00:00.000Z")),
  ];
  const settings = (joinMode: "open" | "approval", channel: TeamSettings["channel"]): TeamSettings => ({
    name: "Sales",
    timezone: "Europe/Kyiv",
    digestTime: "09:00",
    digestDays: "Mon–Fri",
    joinMode,
    channel,
    canPostHere: true,
  });
  const usage = { timezone: "/team timezone <Area/City>", join: "/team join open|approval", role: "/team role <person> rep|manager|admin" };
  const replies: Array<[string, () => Reply]> = [
    ["/team members", () => teamView.membersReply(members, now, usage.role, t)],
    ["/team settings, open, alerts here", () => teamView.settingsReply(settings("open", { platform: "telegram", id: "-100", here: true }), usage, t)],
    ["/team settings, approval, alerts elsewhere", () => teamView.settingsReply(settings("approval", { platform: "slack", id: "C123", here: false }), usage, t)],
    ["/team settings, no chat", () => teamView.settingsReply(settings("open", null), usage, t)],
  ];

  it.each(replies)("in %s", (_name, render) => {
    // Typed usage lines (<Area/City>, rep|manager|admin) and platform names are not words of ours.
    expect(untranslatedEnglish(shown(render()), [...DATA, "@rita", "C123", "Slack", "Telegram", ...Object.values(usage)])).toEqual([]);
  });
});

// team, digest, admin
describe("the pseudo-locale finds no English left in /team role and /team remove", () => {
  const replies: Array<[string, () => Reply]> = [
    ...(["rep", "manager", "admin"] as const).map((to): [string, () => Reply] => [`/team role ${to}`, () => teamView.roleChangedReply("Rita Rep", to === "rep" ? "admin" : "rep", to, "Olena", t)]),
    ["/team remove", () => reply([{ type: "text", text: teamView.memberRemovedText("Rita Rep", "Olena", t) }])],
    ["/team role without a role", () => reply([{ type: "text", text: teamView.teamAdminProblem("role", t) }])],
    ["/team remove without a person", () => reply([{ type: "text", text: teamView.teamAdminProblem("remove", t) }])],
  ];

  it.each(replies)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), [...DATA, "@taras"])).toEqual([]);
  });
});
