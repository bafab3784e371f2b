/**
 * The default rule labels, tier names and next actions, wherever they are shown, rendered in
 * the pseudo-locale en-XA: while a team keeps them they are the catalog's words (accented
 * here), so none of them may come out as plain English. A label a manager typed stays as typed.
 */
import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/chat/reply.js";
import type { CalibrationReport } from "../../src/domain/calibration.js";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import { scoreLead } from "../../src/domain/score.js";
import type { Rule } from "../../src/domain/types.js";
import { PSEUDO_LOCALE, translator, type MessageKey } from "../../src/i18n/index.js";
import type { AlertMessage } from "../../src/services/alerts.service.js";
import type { DigestMessage } from "../../src/services/digest-compose.service.js";
import type { LeadStatus } from "../../src/services/lead.service.js";
import type { LeadTrend } from "../../src/services/trend.service.js";
import type { ChangePreview } from "../../src/services/weights.service.js";
import { alertReply } from "../../src/views/alert.view.js";
import { digestReply } from "../../src/views/digest.view.js";
import { addedView, eventView, listView, statusView } from "../../src/views/lead.view.js";
import { loggedText } from "../../src/views/log.view.js";
import { qualifiedReply } from "../../src/views/qualify.view.js";
import { trendChartWords, trendView } from "../../src/views/lead-trend.view.js";
import { ruleLabel, tierAction, tierName } from "../../src/views/rule-words.js";
import { phraseProblemText } from "../../src/views/weights-phrase.view.js";
import { previewReply } from "../../src/views/weights-preview.view.js";
import { calibrationReply } from "../../src/views/weights-suggest.view.js";
import { changedReply, didYouMeanReply, rulesReply, whatIfReply, whichToRemoveReply } from "../../src/views/weights.view.js";
import { DATA, shown } from "./pseudo-fixtures.js";
import { untranslatedEnglish } from "./untranslated.js";

const t = translator(PSEUDO_LOCALE);
const config = defaultScoringConfig();
const rules = config.rules;
const tiers = config.tiers;
const [hot, warm] = tiers as [(typeof tiers)[number], (typeof tiers)[number]];
const now = new Date("2026-03-10T09:00:00Z");

/** The default words themselves, and tier keys said as words: the shared fixtures allow them as data, here they must be translated. */
const DEFAULT_WORDS = new Set([...rules.map((r) => r.label), ...tiers.flatMap((tier) => [tier.label, tier.action, tier.key])]);
/** Names, typed examples, rule keys (also one-word ones: purchase), tier keys, groups and frameworks are data. */
const ALLOWED = [
  ...DATA.filter((word) => !DEFAULT_WORDS.has(word)),
  ...rules.map((r) => r.key),
  ...Object.keys(config.groupCaps),
  "Intent",
  ...["BANT", "CHAMP", "/weights demo_request 45", '"demo_request 50"', "Strongest signal"],
];

const text = (words: string): Reply => ({ blocks: [{ type: "text", text: words }], visibility: "ephemeral", tone: "ok" });

const alert = (tier: (typeof tiers)[number]): AlertMessage => ({
  leadId: 7,
  name: "Jana Novak",
  company: "Acme",
  score: 82,
  tierKey: tier.key,
  tierLabel: tier.label,
  action: tier.action,
  stage: "mql",
  owner: null,
  reasons: rules.map((r) => ({ key: r.key, label: r.label, points: 10 })),
});

function digest(mode: DigestMessage["mode"]): DigestMessage {
  const lead = { id: 3, name: "Bert Fading", company: "Beta", score: 75, owner: "Rita Rep" };
  const week = { sent: 5, acted: 1, share: 0.2, medianToActMs: 1_800_000, byClaim: 1, byCall: 0 };
  return {
    digest: {
      teamId: 1,
      teamName: "Sales",
      timezone: "Europe/Prague",
      localDate: "2026-06-01",
      hotKey: "hot",
      hotLabel: "Hot",
      hot: [lead],
      newHot: [lead],
      movers: [],
      coolingDays: 3,
      coolingDown: [{ ...lead, at: new Date("2026-06-03T07:00:00.000Z"), to: 35, expiring: rules.map((r) => r.label), expiringKeys: rules.map((r) => r.key) }],
      unclaimed: [lead],
      reps: [{ name: "Rita Rep", hot: 1, claimed: 2 }],
      activity: {
        reps: [],
        alerts: { sent: 2, acted: 1, share: 0.5, medianToActMs: 90_000_000, byClaim: 1, byCall: 0 },
        fatigue: { weeks: [{ week: "2026-05-25", ...week }], sent: 5, acted: 1, share: 0.2, currentHot: 60, suggestedHot: 85, basis: "acted_scores", command: "/weights thresholds hot=85" },
      },
      extra: [],
    },
    mode,
  };
}

const status = {
  lead: { id: 12, name: "Jana Novak", company: "Acme", score: 82, tier: "hot", stage: "mql", owner: null },
  team: { timezone: "Europe/Kyiv", config },
  result: {
    score: 82,
    tier: hot,
    breakdown: [
      ...rules.slice(0, 3).map((r) => ({ ruleKey: r.key, label: r.label, kind: r.kind, points: 10, count: 1, expiresAt: null })),
      // Each kind of detail, as data for the view to word.
      { ruleKey: "website_visit", label: "Website visit", kind: "event", points: 50, count: 5, expiresAt: null, facts: { kind: "window", counted: 5, valid: 7, max: 5 } },
      { ruleKey: "purchase", label: "Purchase", kind: "event", points: 50, count: 1, expiresAt: null, facts: { kind: "window", counted: 1, valid: 1, max: null } },
      { ruleKey: "cap:web_activity", label: "Web activity capped at 30", kind: "cap", points: -20, count: 1, expiresAt: null, facts: { kind: "cap", group: "web_activity", sum: 50, cap: 30 } },
      { ruleKey: "buying_cycle", label: "Due to buy again (buying cycle)", kind: "cycle", points: 40, count: 1, expiresAt: null, facts: { kind: "cycle", days: 62, cycleDays: 90, ready: false } },
      { ruleKey: "title_consultant", label: "Job title contains “consultant”", kind: "attribute", points: -50, count: 1, expiresAt: null, facts: { kind: "field", field: "title", evidence: "Acme" } },
    ],
    nextChangeAt: null,
  },
  touches: [],
  trend: [],
  answers: [],
} as unknown as LeadStatus;

const trend = {
  lead: status.lead,
  days: 30,
  timezone: "Europe/Kyiv",
  points: [{ day: "2026-03-01", score: 60 }],
  markers: rules
    .filter((r) => r.kind === "event")
    .slice(-5)
    .map((r) => ({ at: now, day: "2026-03-10", points: 10, type: "event", eventType: r.key, rule: r.label, ruleKey: r.key })),
  tiers,
  current: { score: 82, tier: hot },
} as unknown as LeadTrend;

const effect: ChangePreview = {
  summary: "/weights demo_request 45",
  leadsScored: 12,
  tierCounts: tiers.map((tier) => ({ tier: tier.key, label: tier.label, before: 2, after: 3 })),
  hotTier: "hot",
  movedUp: [{ id: 1, name: "Jana Novak", fromScore: 55, toScore: 65, fromTier: "warm", toTier: "hot" }],
  movedDown: [{ id: 2, name: "Anna Top", fromScore: 35, toScore: 25, fromTier: "warm", toTier: "cold" }],
  biggestMovers: [],
  pendingId: "abc123",
};

const rate = (won: number, total: number) => ({ won, total, rate: won / total, low: 0.1, high: 0.9 });
const report: CalibrationReport = {
  asOf: now,
  labelled: 40,
  won: 12,
  lost: 28,
  unlabelled: 5,
  minimums: { labelled: 30, eachResult: 10, perGroup: 10, perTier: 10 },
  enoughData: true,
  notEnough: null,
  rules: rules.map((r) => ({
    key: r.key,
    label: r.label,
    points: r.points,
    withSignal: rate(3, 10),
    withoutSignal: rate(1, 4),
    lift: 1.5,
    pValue: 0.01,
    adjustedP: 0.02,
    verdict: "better" as const,
    tested: rules.length,
  })),
  tiers: tiers.map((tier) => ({ key: tier.key, label: tier.label, min: tier.min, conversion: rate(6, 10), enough: true })),
  hotVsWarm: {
    verdict: "unclear",
    pValue: 0.3,
    hot: { key: tiers[0]!.key, label: tiers[0]!.label, min: tiers[0]!.min, conversion: rate(6, 10), enough: true },
    warm: { key: tiers[1]!.key, label: tiers[1]!.label, min: tiers[1]!.min, conversion: rate(3, 10), enough: true },
    threshold: { tier: "hot", from: 60, to: 80, above: rate(3, 5), below: rate(2, 9) } },
  suggestion: { status: "ok", changes: rules.map((r) => ({ key: r.key, label: r.label, from: r.points, to: r.points + 5 })), unchanged: [], tooFewLeads: [], pointsPerLogOdds: 10 },
};

const TIER_KEYS = tiers.map((tier) => tier.key);

const VIEWS: Array<[string, () => Reply, string[]?]> = [
  ...tiers.map((tier): [string, () => Reply] => [`the ${tier.key} alert`, () => alertReply(alert(tier), t)]),
  // The fatigue button shows the setting its command types (hot=85), which stays a key.
  ...(["scheduled", "preview"] as const).map((mode): [string, () => Reply, string[]] => [`the ${mode} digest`, () => digestReply(digest(mode), t), ["hot="]]),
  ["/lead status", () => statusView(t, status, now, "Rita Rep")],
  [
    "/lead status of a ready buying cycle and a team's own group",
    () =>
      statusView(
        t,
        {
          ...status,
          result: {
            ...status.result,
            breakdown: [
              { ruleKey: "buying_cycle", label: "Due to buy again (buying cycle)", kind: "cycle", points: 60, count: 1, expiresAt: null, facts: { kind: "cycle", days: 95, cycleDays: 90, ready: true } },
              { ruleKey: "cap:intent", label: "Intent capped at 40", kind: "cap", points: -10, count: 1, expiresAt: null, facts: { kind: "cap", group: "intent", sum: 50, cap: 40 } },
            ],
          },
        } as LeadStatus,
        now,
        "Rita Rep",
      ),
  ],
  ["/lead status of a warm lead", () => statusView(t, { ...status, result: { ...status.result, tier: warm } }, now, "Rita Rep")],
  ["/lead trend", () => trendView(t, trend, 22, 90)],
  [
    "/lead trend chart words",
    () => {
      const words = trendChartWords(t, trend, 0);
      return text([words.subtitle, ...trend.markers.map(words.markerLabel), ...tiers.map(words.tierName)].join("\n"));
    },
  ],
  // The tiers line of /weights shows the keys thresholds are typed with (hot=70).
  ["/weights", () => rulesReply(t, config, { usage: "/weights demo_request 45", example: "/weights demo_request 45" }), TIER_KEYS],
  ["/weights to a rep", () => rulesReply(t, { ...config, framework: "CHAMP" }, null), TIER_KEYS],
  ["a preview", () => previewReply(effect, t)],
  ["a what-if", () => whatIfReply(t, effect, "/weights demo_request 45")],
  ["did you mean", () => didYouMeanReply(t, "Acme", rules.map((rule) => ({ rule, command: "/weights demo_request 45" })))],
  ["which to remove", () => whichToRemoveReply(t, "Acme", rules)],
  ["/weights suggest", () => calibrationReply(t, report)],
  // Where a tier is named by its key alone.
  ...tiers.map((tier): [string, () => Reply] => [`/lead add of a ${tier.key} lead`, () => addedView(t, { ...status.lead, tier: tier.key })]),
  ["/lead list", () => listView(t, "all", tiers.map((tier, i) => ({ ...status.lead, id: i + 1, tier: tier.key, email: null, phone: null, title: null })), 3)],
  ["/lead event", () => eventView(t, "demo_request", status.lead, { from: { score: 40, tier: "warm" }, to: { score: 80, tier: "hot" } })],
  ["/log", () => text(loggedText(t, { lead: { ...status.lead, tier: "warm" }, outcome: "meeting_booked", scoreBefore: 10, stageChanged: false }))],
  ["/qualify's answer", () => qualifiedReply(t, { lead: { ...status.lead, tier: "cold" }, framework: "BANT", progress: { positive: 1, total: 4, dimensions: [] } as never, stageChanged: false })],
  ["a confirmed change", () => changedReply(t, "Rita Rep", { summary: "/weights demo_request 45", leadsChanged: 3, nowInTopTier: 2, topTier: "hot" })],
  ...rules.map((rule): [string, () => Reply] => [`how many points for ${rule.key}`, () => text(phraseProblemText({ kind: "how_many_points", rule }, t))]),
];

describe("the pseudo-locale finds no default rule label, tier name or next action left in English", () => {
  it.each(VIEWS)("in %s", (_name, render, typed = []) => {
    expect(untranslatedEnglish(shown(render()), [...ALLOWED, ...typed])).toEqual([]);
  });
});

describe("a team's own words stay as typed", () => {
  const own: Rule = { key: "trade_show", label: "Met us at a trade show", kind: "event", match: { type: "trade_show" }, points: 20 };
  const renamed = { ...hot, label: "Burning", action: "Ring them now" };

  it("in every view that shows them", () => {
    const seen = [
      shown(alertReply({ ...alert(renamed), reasons: [{ key: own.key, label: own.label, points: 20 }] }, t)),
      shown(rulesReply(t, { ...config, rules: [...rules, own] }, null)),
      shown(statusView(t, { ...status, result: { ...status.result, tier: renamed } }, now, "Rita Rep")),
      shown(previewReply({ ...effect, tierCounts: [{ tier: "hot", label: "Burning", before: 1, after: 2 }] }, t)),
    ].join("\n");
    for (const words of [own.label, "Burning", "Ring them now"]) expect(seen).toContain(words);
  });

  it("also when a typed label is a default label of another rule, or keeps a default key", () => {
    expect(ruleLabel(t, { key: "trade_show", label: "Demo request" })).toBe("Demo request");
    expect(ruleLabel(t, { key: "demo_request", label: "Demo asked" })).toBe("Demo asked");
    expect(tierName(t, { key: "warm", label: "Hot" })).toBe("Hot");
    expect(tierAction(t, { key: "hot", action: "Keep in marketing nurture" })).toBe("Keep in marketing nurture");
  });

  it("and a message queued before keys were kept shows its stored words", () => {
    const old = shown(alertReply({ ...alert(hot), tierKey: undefined, reasons: [{ label: "Demo request", points: 40 }] }, t));
    expect(old).toContain("Hot");
    expect(old).toContain("Demo request");
    expect(old).toContain("Call today");
  });
});

describe("English says a breakdown's details as the domain words them", () => {
  it("for counted visits, a group cap, the buying cycle and a fit field", () => {
    const day = 86_400_000;
    const facts = {
      attributes: { title: "Senior Consultant" },
      events: Array.from({ length: 7 }, (_, i) => ({ type: "website_visit", occurredAt: new Date(now.getTime() - (i + 1) * day) })),
      outcomes: [],
      qualification: [],
      lastPurchaseAt: new Date(now.getTime() - 62 * day),
      cycleDays: 90,
    };
    const withFacts = scoreLead(config, facts, now, { facts: true });
    expect(withFacts.breakdown.map((c) => c.facts?.kind).sort()).toEqual(["cap", "cycle", "field", "window"]);
    const asData = { ...status, result: withFacts } as LeadStatus;
    const asWords = { ...status, result: { ...withFacts, breakdown: withFacts.breakdown.map(({ facts: _facts, ...line }) => line) } } as LeadStatus;
    const en = translator("en");
    expect(shown(statusView(en, asData, now, "Rita Rep"))).toBe(shown(statusView(en, asWords, now, "Rita Rep")));
  });
});

describe("the English catalog says the default words exactly as default-rules.ts stores them", () => {
  const en = translator("en");
  it.each(rules.map((r) => [r.key, r] as const))("rule %s", (_key, rule) => {
    expect(ruleLabel(en, rule)).toBe(rule.label);
    expect(en.t(`rule.${rule.key}.label` as MessageKey)).toBe(rule.label);
  });
  it.each(tiers.map((tier) => [tier.key, tier] as const))("tier %s", (_key, tier) => {
    expect([en.t(`tier.${tier.key}.name` as MessageKey), en.t(`tier.${tier.key}.action` as MessageKey)]).toEqual([tier.label, tier.action]);
  });
});
