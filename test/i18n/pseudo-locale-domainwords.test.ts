/**
 * Words built from what the domain returns as data (issue 13): what is wrong with a lead's
 * attributes (src/domain/safe-input.ts, inputIssues), scoring change summaries
 * (src/domain/edits.ts) and calibration statements (src/domain/calibration.ts), rendered in the
 * pseudo-locale en-XA: no plain English may be left but data.
 */
import { describe, expect, it } from "vitest";
import { attributesSchema } from "../../src/domain/safe-input.js";
import { PSEUDO_LOCALE, translator } from "../../src/i18n/index.js";
import type { Failure } from "../../src/services/result.js";
import { failureReply, failureText } from "../../src/views/failure.view.js";
import type { CalibrationDigest, CalibrationReport, HotVsWarm, NoSuggestionReason, NotEnoughData, RuleSignal } from "../../src/domain/calibration.js";
import type { DigestMessage } from "../../src/services/digest-compose.service.js";
import type { DigestSectionData } from "../../src/services/digest-sections.js";
import { outboxPayload } from "../../src/services/outbox-message.js";
import { calibrationDigestLines } from "../../src/views/calibration.view.js";
import { digestSectionBlocks } from "../../src/views/digest.view.js";
import { renderOutboxPayload } from "../../src/views/outbox-views.js";
import { calibrationReply } from "../../src/views/weights-suggest.view.js";
import { reply, type Reply } from "../../src/chat/reply.js";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import { applyEdit, type ChangeSummary } from "../../src/domain/edits.js";
import type { ChangePreview } from "../../src/services/weights.service.js";
import { readChangeSummary, writeChangeSummary } from "../../src/store/json-columns.js";
import { changeSummaryText } from "../../src/views/change-summary.view.js";
import { previewReply } from "../../src/views/weights-preview.view.js";
import { cancelledReply, changedReply, historyReply, whatIfReply } from "../../src/views/weights.view.js";
import { DATA, shown } from "./pseudo-fixtures.js";
import { untranslatedEnglish } from "./untranslated.js";

const t = translator(PSEUDO_LOCALE);

/** A failure of /lead add with these attributes, as the lead service returns it. */
function unfit(attributes: unknown): Failure {
  const parsed = attributesSchema.safeParse(attributes);
  if (parsed.success) throw new Error("the attributes were fit");
  return { code: "invalid", reason: "attributes_unfit", issues: parsed.error.issues };
}

const ATTRIBUTES: Array<[string, unknown]> = [
  ["an empty key", { "": 1 }],
  ["a key too long", { ["k".repeat(101)]: 1 }],
  ["a value too long", { size: "v".repeat(1001) }],
  ["a value with a NUL", { size: "x\u0000" }],
  ["a key with a broken character", { ["b\ud800"]: 1 }],
  ["a value of no known type", { size: {} }],
  ["too many attributes", Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 1]))],
  ["not a record", "size"],
  ["several problems", { "": 1, size: "v".repeat(1001), plan: {} }],
];

describe("the pseudo-locale finds no English left in what is wrong with attributes", () => {
  it.each(ATTRIBUTES)("in %s", (_name, attributes) => {
    // Attribute names are typed: data.
    const names = typeof attributes === "object" && attributes ? Object.keys(attributes) : [];
    expect(untranslatedEnglish(shown(failureReply(unfit(attributes), t)), [...DATA, ...names, "␀"])).toEqual([]);
  });

  it("says each problem where it is, in English as before", () => {
    expect(failureText(unfit({ size: "x\u0000" }))).toBe("Not added: size must not contain a NUL character.");
    expect(failureText(unfit({ "": 1, size: "v".repeat(1001) }))).toBe(
      "Not added: an attribute key must not be empty; size attribute values must be at most 1000 characters.",
    );
    expect(failureText(unfit(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 1]))))).toBe("Not added: a lead holds at most 100 attributes.");
  });

  it("says it in the reader's language", () => {
    expect(failureText(unfit({ size: "v".repeat(1001) }), translator("uk"))).toBe("Не додано: size: значення атрибута — щонайбільше 1000 символів.");
    expect(failureText(unfit({ "": 1 }), translator("pl"))).toBe("Nie dodano: nazwa atrybutu nie może być pusta.");
  });
});

// ---- calibration ------------------------------------------------------------------------------

const rate = (won: number, total: number) => ({ won, total, rate: won / total, low: 0.1, high: 0.9 });
const hot = { key: "hot", label: "Hot", min: 70, conversion: rate(6, 10), enough: true };
const warm = { key: "warm", label: "Warm", min: 40, conversion: rate(2, 12), enough: true };
function signal(key: string, verdict: RuleSignal["verdict"], overrides: Partial<RuleSignal> = {}): RuleSignal {
  return {
    key,
    label: "Demo request",
    points: 40,
    withSignal: rate(8, 10),
    withoutSignal: rate(3, 20),
    lift: verdict === "not_enough_data" ? null : 5.3,
    pValue: verdict === "unclear" ? 0.2 : 0.0004,
    adjustedP: verdict === "unclear" ? 0.4 : 0.0008,
    verdict,
    tested: 3,
    ...overrides,
  };
}
const threshold = { tier: "hot", from: 70, to: 80, above: rate(4, 5), below: rate(4, 17) };
const report: CalibrationReport = {
  asOf: new Date("2026-06-01T00:00:00.000Z"),
  labelled: 40,
  won: 12,
  lost: 28,
  unlabelled: 5,
  minimums: { labelled: 30, eachResult: 10, perGroup: 10, perTier: 10 },
  enoughData: true,
  notEnough: null,
  rules: [
    signal("demo_request", "better"),
    signal("pricing_page", "better", { lift: Number.POSITIVE_INFINITY, tested: 1 }),
    signal("careers_page", "worse", { lift: 0.2 }),
    signal("newsletter_signup", "unclear", { lift: 1.1 }),
    signal("webinar", "not_enough_data", { withSignal: rate(1, 3) }),
  ],
  tiers: [hot, warm],
  hotVsWarm: { verdict: "hot_better", pValue: 0.0004, hot, warm },
  suggestion: { status: "ok", changes: [{ key: "demo_request", label: "Demo request", from: 40, to: 50 }], unchanged: [], tooFewLeads: [], pointsPerLogOdds: 10 },
};
const HOT_VS_WARM: HotVsWarm[] = [
  { verdict: "hot_better", pValue: 0.0004, hot, warm },
  { verdict: "hot_not_better", pValue: 0.6, hot, warm, threshold },
  { verdict: "hot_not_better", pValue: 0.6, hot, warm, threshold: null },
  { verdict: "unclear", pValue: 0.08, hot, warm, threshold },
  { verdict: "unclear", pValue: 0.004, hot, warm, threshold: null },
  { verdict: "not_enough_data", why: "too_few", hot, warm, min: 10 },
  { verdict: "not_enough_data", why: "no_lower_tier" },
];
const NOT_ENOUGH: NotEnoughData[] = [
  { kind: "too_few_results", labelled: 1, min: 30 },
  { kind: "too_few_results", labelled: 12, min: 30 },
  { kind: "too_few_each", won: 0, lost: 40, min: 10 },
];
const NO_SUGGESTION: NoSuggestionReason[] = ["no_signals", "no_separation", "flat_scores"];
const digest: CalibrationDigest = {
  labelled: 40,
  strongest: { key: "demo_request", label: "Demo request", points: 40, withRate: 0.8, withoutRate: 0.15, lift: 5.3, verdict: "better" },
  weakest: { key: "webinar", label: "Webinar", points: 1, withRate: 0.3, withoutRate: 0.3, lift: "infinite", verdict: "unclear" },
  hotVsWarm: { verdict: "unclear", pValue: 0.08, hot: { key: "hot", label: "Hot", conversion: hot.conversion }, warm: { key: "warm", label: "Warm", conversion: warm.conversion } },
};
/** A digest with nothing in it but the calibration section under test. */
const digestMessage = (extra: DigestSectionData): DigestMessage => ({
  digest: {
    teamId: 1,
    teamName: "Sales",
    timezone: "Europe/Kyiv",
    localDate: "2026-06-01",
    hotLabel: "Hot",
    hot: [],
    newHot: [],
    movers: [],
    coolingDays: 3,
    coolingDown: [],
    unclaimed: [],
    reps: [],
    activity: { reps: [], alerts: { sent: 0, acted: 0, share: null, medianToActMs: null, byClaim: 0, byCall: 0 }, fatigue: null },
    extra: [extra],
  },
  mode: "scheduled",
});
const lines = (items: string[]): Reply => reply([{ type: "list", items }]);
// Tier labels and typed keys are data.
const CALIBRATION_DATA = [...DATA, "Warm", "Webinar", "hot", "/log <lead>", "won", "lost", "not_interested", "webinar", "/weights suggest"];

const CALIBRATION_VIEWS: Array<[string, () => Reply]> = [
  ["the report", () => calibrationReply(t, report)],
  ...HOT_VS_WARM.map((hv): [string, () => Reply] => [`hot vs warm ${hv.verdict} ${"why" in hv ? hv.why : ""}${"threshold" in hv && hv.threshold ? "with a threshold" : ""}`, () => calibrationReply(t, { ...report, hotVsWarm: hv })]),
  ...NOT_ENOUGH.map((n): [string, () => Reply] => [`not enough data: ${n.kind}`, () => calibrationReply(t, { ...report, enoughData: false, notEnough: n })]),
  ...NO_SUGGESTION.map((r): [string, () => Reply] => [`no suggestion: ${r}`, () => calibrationReply(t, { ...report, suggestion: { status: "none", reason: r } })]),
  ["the digest's lines", () => lines(calibrationDigestLines(t, digest))],
  ["the digest's lines with no strong signal", () => lines(calibrationDigestLines(t, { ...digest, strongest: null, weakest: null, hotVsWarm: null }))],
  ["the digest's section", () => reply(digestSectionBlocks({ section: "calibration", summary: digest }, t))],
];

describe("the pseudo-locale finds no English left in calibration statements", () => {
  it.each(CALIBRATION_VIEWS)("in %s", (_name, render) => {
    expect(untranslatedEnglish(shown(render()), CALIBRATION_DATA)).toEqual([]);
  });
});

describe("calibration statements in words", () => {
  const en = translator("en");

  it("say the digest's lines in English as the domain used to", () => {
    expect(calibrationDigestLines(en, digest)).toEqual([
      "Strongest signal: Demo request: won 80% with it vs 15% without (5.3×, significant).",
      "Weakest: Webinar (+1 point): won 30% with it vs 30% without (only leads with it won, not significant).",
      "Hot leads converted a little better than Warm, but not clearly: Hot 60% (6 of 10) vs Warm 17% (2 of 12), p = 0.08.",
    ]);
    expect(calibrationDigestLines(en, { ...digest, strongest: null, weakest: null, hotVsWarm: null })).toEqual(["No signal clearly predicts wins yet (40 leads with a result)."]);
  });

  it("say the digest in the team's language when the outbox delivers it, and an old payload's lines as they were", () => {
    const message = (extra: DigestSectionData) => outboxPayload("digest", digestMessage(extra));
    const rendered = renderOutboxPayload(JSON.parse(JSON.stringify(message({ section: "calibration", summary: digest }))), "uk");
    if (!rendered.ok) throw new Error(rendered.reason);
    const text = shown(rendered.reply as Reply);
    expect(text).toContain("Найсильніший сигнал: Запит на демо: з ним виграно 80%, без нього 15% (5,3×, значущо).");
    expect(text).not.toMatch(/Strongest signal/);
    const old = renderOutboxPayload(JSON.parse(JSON.stringify(message({ section: "calibration", lines: ["Strongest signal: Demo request."] }))), "uk");
    if (!old.ok) throw new Error(old.reason);
    expect(shown(old.reply as Reply)).toContain("Strongest signal: Demo request.");
  });

  it("say a report in Polish", () => {
    const text = shown(calibrationReply(translator("pl"), report));
    expect(text).toContain("istotne statystycznie (p < 0,001, z poprawką na testowanie 3 reguł): leady z nim wygrywały częściej");
    expect(text).toContain("Leady „Gorący” konwertowały lepiej niż „Ciepły”: Gorący 60% (6 z 10) wobec Ciepły 17% (2 z 12), p < 0,001.");
  });
});

// ---- scoring change summaries -----------------------------------------------------------------

const demo = { key: "demo_request", label: "Demo request" };
const SUMMARIES: Array<[string, ChangeSummary]> = [
  ["points", { kind: "set", rule: { ...demo, points: { from: 40, to: 1 } } }],
  ["every setting", { kind: "set", rule: { ...demo, points: { from: 40, to: -15 }, validityDays: { from: 30, to: null }, maxCount: { from: null, to: 3 } } }],
  ["thresholds", { kind: "thresholds", moves: [{ tier: "hot", from: 70, to: 80 }, { tier: "warm", from: 40, to: 45 }] }],
  ["a new rule", { kind: "add", key: "trade_show", label: "Demo request", points: 25 }],
  ["a removed rule", { kind: "remove", ...demo, points: -1 }],
  ["several rules", { kind: "many", title: null, rules: [{ ...demo, points: { from: 40, to: 55 } }, { ...demo, key: "pricing_page", validityDays: { from: null, to: 45 } }] }],
  ["suggested weights", { kind: "many", title: "suggested_weights", rules: [{ ...demo, points: { from: 40, to: 50 } }] }],
  ["an undo", { kind: "undo", of: { kind: "thresholds", moves: [{ tier: "hot", from: 70, to: 80 }] } }],
];
const at = new Date("2026-06-01T07:00:00.000Z");
const effect: ChangePreview = { summary: SUMMARIES[0]![1], leadsScored: 12, tierCounts: [{ tier: "hot", label: "Hot", before: 2, after: 3 }], hotTier: "hot", movedUp: [], movedDown: [], biggestMovers: [], pendingId: "abc123" };

describe("the pseudo-locale finds no English left in scoring change summaries", () => {
  const SUMMARY_VIEWS: Array<[string, () => Reply]> = SUMMARIES.flatMap(([name, summary]): Array<[string, () => Reply]> => [
    [`the preview of ${name}`, () => previewReply({ ...effect, summary }, t)],
    [`the what-if of ${name}`, () => whatIfReply(t, { ...effect, summary }, "/weights demo_request 45")],
    [`the confirmation of ${name}`, () => changedReply(t, "Rita Rep", { summary, leadsChanged: 3, nowInTopTier: 2, topTier: "hot" })],
    [`the cancellation of ${name}`, () => cancelledReply(t, summary)],
    [`the history of ${name}`, () => historyReply(t, [{ at, by: "Rita Rep", summary, undone: true }], "Europe/Kyiv")],
  ]);
  it.each(SUMMARY_VIEWS)("in %s", (_name, render) => {
    // Rule labels, rule and tier keys, numbers and ∞ are data.
    expect(untranslatedEnglish(shown(render()), [...DATA, "hot", "warm", "/weights demo_request 45", "/weights undo"])).toEqual([]);
  });
});

describe("scoring change summaries in words", () => {
  const en = translator("en");

  it("say each change in English as the domain used to", () => {
    expect(SUMMARIES.map(([, summary]) => changeSummaryText(en, summary))).toEqual([
      "Demo request (demo_request): +40 → +1 point",
      "Demo request (demo_request): +40 → -15 points, valid 30d → forever, max ∞ → 3",
      "Thresholds: hot 70 → 80, warm 40 → 45",
      "New rule Demo request (trade_show): +25 points",
      "Remove rule Demo request (demo_request, -1 point)",
      "2 rules: Demo request (demo_request): +40 → +55 points; Demo request (pricing_page): valid forever → 45d",
      "Suggested weights: Demo request (demo_request): +40 → +50 points",
      "Undo: Thresholds: hot 70 → 80",
    ]);
  });

  it("are built by the domain as data", () => {
    const config = defaultScoringConfig();
    const edited = applyEdit(config, { kind: "set", key: "demo_request", points: 50, validityDays: 45 });
    if (!edited.ok) throw new Error(edited.problem.kind);
    expect(edited.summary).toEqual({ kind: "set", rule: { key: "demo_request", label: "Demo request", points: { from: 40, to: 50 }, validityDays: { from: 60, to: 45 } } });
    expect(changeSummaryText(en, edited.summary)).toBe("Demo request (demo_request): +40 → +50 points, valid 60d → 45d");
  });

  it("are stored as data and read back, and a summary stored as English words stays those words", () => {
    for (const [, summary] of SUMMARIES) expect(readChangeSummary(writeChangeSummary(summary))).toEqual(summary);
    expect(readChangeSummary("Demo request (demo_request): +40 → +45 points")).toBe("Demo request (demo_request): +40 → +45 points");
    expect(readChangeSummary("{odd} label (odd): +1 → +2 points")).toBe("{odd} label (odd): +1 → +2 points");
    const undoOld: ChangeSummary = { kind: "undo", of: "Demo request (demo_request): +40 → +45 points" };
    expect(changeSummaryText(en, readChangeSummary(writeChangeSummary(undoOld)))).toBe("Undo: Demo request (demo_request): +40 → +45 points");
  });

  it("say each change in the reader's language", () => {
    const uk = translator("uk");
    expect(changeSummaryText(uk, SUMMARIES[1]![1])).toBe("Запит на демо (demo_request): +40 → -15 балів, діє 30 дн. → безстроково, макс. ∞ → 3");
    expect(changeSummaryText(uk, SUMMARIES[7]![1])).toBe("Скасування: Пороги: гарячий 70 → 80");
    expect(changeSummaryText(translator("pl"), SUMMARIES[5]![1])).toMatch(/^2 reguły: /);
  });
});
