import { describe, expect, it } from "vitest";
import {
  calibrate,
  digestSummary,
  fisherExact,
  holm,
  isFirstDigestDayOfWeek,
  labelLead,
  wilson,
  type CalibrationReport,
  type HistoryLead,
  type TimedLeadFacts,
} from "../../src/domain/calibration.js";
import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import { applyEdit, type EditResult } from "../../src/domain/edits.js";
import type { ScoringConfig } from "../../src/domain/types.js";
import { editProblemText } from "../../src/views/scoring-edit.view.js";
import { calibrationDigestLines, hotVsWarmText, notEnoughText, signalStatementText } from "../../src/views/calibration.view.js";
import { changeSummaryText } from "../../src/views/change-summary.view.js";
import { translator } from "../../src/i18n/index.js";

/** A refused edit with its problem in words, as the manager is told it. */
// The report is data; its statements are worded by the view, here in English.
const en = translator("en");
const statement = (report: CalibrationReport, key: string) => signalStatementText(en, signal(report, key), report);
const notEnough = (report: CalibrationReport) => notEnoughText(en, report.notEnough!);
const hotVsWarm = (report: CalibrationReport) => hotVsWarmText(en, report.hotVsWarm, report);

const worded = (edited: EditResult) => (edited.ok ? edited : { ok: false, message: editProblemText(edited.problem) });

const DAY = 86_400_000;
const NOW = new Date("2026-06-01T09:00:00Z");

/** mulberry32: a small seeded generator, so the synthetic history is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function facts(partial: Partial<TimedLeadFacts> = {}): TimedLeadFacts {
  return { attributes: { title: null, company: null }, events: [], outcomes: [], qualification: [], lastPurchaseAt: null, cycleDays: null, ...partial };
}

const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY);

/**
 * A team's history where a demo request truly raises the chance of a win (60% against 15%)
 * and a newsletter signup does not (both leads with and without it win at the same rate).
 * Pricing-page views and website visits are common and also carry no information.
 * Every won lead then buys (a "purchase" event after the win): a leak would make that look
 * like a perfect predictor.
 */
function syntheticHistory(count: number, seed: number): HistoryLead[] {
  const random = seeded(seed);
  const leads: HistoryLead[] = [];
  for (let id = 1; id <= count; id++) {
    const decidedDaysAgo = 5 + Math.floor(random() * 100);
    const before = () => at(decidedDaysAgo + 1 + Math.floor(random() * 20));
    const events: TimedLeadFacts["events"] = [];
    const demo = random() < 0.35;
    if (demo) events.push({ type: "demo_request", occurredAt: before() });
    if (random() < 0.5) events.push({ type: "newsletter_signup", occurredAt: before() });
    if (random() < 0.4) events.push({ type: "pricing_page", occurredAt: before() });
    const visits = Math.floor(random() * 4);
    for (let v = 0; v < visits; v++) events.push({ type: "website_visit", occurredAt: before() });
    const won = random() < (demo ? 0.6 : 0.15);
    const outcomes = [{ outcome: won ? "won" : random() < 0.5 ? "lost" : "not_interested", at: at(decidedDaysAgo) }];
    if (won) events.push({ type: "purchase", occurredAt: at(decidedDaysAgo - 1) });
    leads.push({ id, name: `Lead ${id}`, facts: facts({ events, outcomes }) });
  }
  return leads;
}

const signal = (report: CalibrationReport, key: string) => {
  const found = report.rules.find((r) => r.key === key);
  if (!found) throw new Error(`no rule ${key} in the report`);
  return found;
};

const suggestedPoints = (report: CalibrationReport, key: string, current: number): number => {
  if (report.suggestion.status !== "ok") throw new Error(`no suggestion: ${report.suggestion.reason}`);
  return report.suggestion.changes.find((c) => c.key === key)?.to ?? current;
};

describe("calibration report from a synthetic outcome history", () => {
  const config = defaultScoringConfig();
  const history = syntheticHistory(300, 42);
  const undecided = [
    { id: 1001, name: "Open lead", facts: facts({ events: [{ type: "demo_request", occurredAt: at(3) }] }) },
    { id: 1002, name: "Meeting only", facts: facts({ outcomes: [{ outcome: "meeting_booked", at: at(2) }] }) },
  ];
  const report = calibrate({ config, leads: [...history, ...undecided], undecided: 7, now: NOW });

  it("labels every decided lead, and counts the undecided ones (a booked meeting is not a result)", () => {
    expect(report.enoughData).toBe(true);
    expect(report.labelled).toBe(300);
    expect(report.won + report.lost).toBe(300);
    expect(report.unlabelled).toBe(9);
  });

  it("ranks the signal that predicts wins above the one that does not", () => {
    const demo = signal(report, "demo_request");
    const newsletter = signal(report, "newsletter_signup");
    expect(demo.lift!).toBeGreaterThan(newsletter.lift!);
    expect(report.rules.indexOf(demo)).toBeLessThan(report.rules.indexOf(newsletter));
    expect(report.rules[0]!.key).toBe("demo_request");
    expect(demo.withSignal.total + demo.withoutSignal.total).toBe(300);
  });

  it("calls the real signal significant and the useless one not significant", () => {
    const demo = signal(report, "demo_request");
    const newsletter = signal(report, "newsletter_signup");
    expect(demo.verdict).toBe("better");
    expect(statement(report, "demo_request")).toMatch(/^significant/);
    expect(demo.adjustedP!).toBeLessThan(0.001);
    expect(newsletter.verdict).toBe("unclear");
    expect(statement(report, "newsletter_signup")).toMatch(/^not significant/);
  });

  it("reads signals as they stood before the result, so a purchase after the win is no signal", () => {
    const purchase = signal(report, "purchase");
    expect(purchase.withSignal.total).toBe(0);
    expect(purchase.verdict).toBe("not_enough_data");
  });

  it("leaves outcome rules out of the signals: they are the label", () => {
    expect(report.rules.map((r) => r.key)).not.toContain("meeting_booked");
    expect(report.rules.map((r) => r.key)).not.toContain("not_interested");
  });

  it("suggests weights that move in the right direction", () => {
    expect(suggestedPoints(report, "demo_request", 40)).toBeGreaterThanOrEqual(40);
    expect(suggestedPoints(report, "newsletter_signup", 5)).toBeLessThanOrEqual(5);
    // Rules no labelled lead had before its result are left as they are.
    if (report.suggestion.status !== "ok") throw new Error("expected a suggestion");
    expect(report.suggestion.tooFewLeads.map((r) => r.key)).toContain("purchase");
    expect(report.suggestion.changes.map((c) => c.key)).not.toContain("purchase");
  });

  it("keeps the direction with other random histories too", () => {
    for (const seed of [1, 7, 2026]) {
      const other = calibrate({ config, leads: syntheticHistory(300, seed), now: NOW });
      expect(signal(other, "demo_request").verdict, `seed ${seed}`).toBe("better");
      expect(signal(other, "newsletter_signup").verdict, `seed ${seed}`).toBe("unclear");
      expect(suggestedPoints(other, "demo_request", 40), `seed ${seed}`).toBeGreaterThanOrEqual(40);
      expect(suggestedPoints(other, "newsletter_signup", 5), `seed ${seed}`).toBeLessThanOrEqual(5);
    }
  });

  it("produces suggested weights that the multi-rule edit applies as one change", () => {
    if (report.suggestion.status !== "ok") throw new Error("expected a suggestion");
    const edited = applyEdit(config, { kind: "setMany", changes: report.suggestion.changes.map((c) => ({ key: c.key, points: c.to })), title: "suggested_weights" });
    if (!edited.ok) throw new Error(editProblemText(edited.problem));
    const demo = edited.config.rules.find((r) => r.key === "demo_request")!;
    expect(demo.points).toBe(suggestedPoints(report, "demo_request", 40));
    expect(changeSummaryText(en, edited.summary)).toMatch(/^Suggested weights: /);
  });

  it("sums up the strongest signal for the weekly digest", () => {
    const lines = calibrationDigestLines(en, digestSummary(report)!);
    expect(lines[0]).toMatch(/^Strongest signal: Demo request/);
    expect(lines.join("\n")).toMatch(/significant/);
  });
});

describe("calibration with too little data", () => {
  it("says not enough data with 10 labelled leads, and suggests nothing", () => {
    const report = calibrate({ config: defaultScoringConfig(), leads: syntheticHistory(10, 3), now: NOW });
    expect(report.labelled).toBe(10);
    expect(report.enoughData).toBe(false);
    expect(notEnough(report)).toMatch(/Not enough data: 10 leads have a result.*at least 30/);
    expect(report.rules.every((r) => r.verdict === "not_enough_data" && r.lift === null)).toBe(true);
    expect(report.hotVsWarm.verdict).toBe("not_enough_data");
    expect(report.suggestion.status).toBe("none");
    expect(digestSummary(report)).toBeNull();
  });

  it("judges no rule that too few labelled leads had, even when the total is large enough", () => {
    const history = syntheticHistory(60, 5);
    history.slice(0, 3).forEach((lead) => lead.facts.events.push({ type: "webinar_attended", occurredAt: new Date(lead.facts.outcomes[0]!.at.getTime() - DAY) }));
    const report = calibrate({ config: defaultScoringConfig(), leads: history, now: NOW });
    const webinar = signal(report, "webinar_attended");
    expect(webinar.verdict).toBe("not_enough_data");
    expect(statement(report, "webinar_attended")).toBe("not enough data: 3 leads with it and 57 without; 5 of each are needed");
    expect(report.rules.indexOf(webinar)).toBeGreaterThan(report.rules.indexOf(signal(report, "demo_request")));
  });

  it("needs wins as well as losses", () => {
    const allLost = syntheticHistory(40, 9).map((lead) => ({ ...lead, facts: { ...lead.facts, outcomes: [{ outcome: "lost", at: lead.facts.outcomes[0]!.at }] } }));
    const report = calibrate({ config: defaultScoringConfig(), leads: allLost, now: NOW });
    expect(report.enoughData).toBe(false);
    expect(notEnough(report)).toMatch(/0 won and 40 lost/);
  });
});

describe("hot versus warm", () => {
  // One event worth 10 points per occurrence: a lead's score is 10 × its events, so the test
  // can place leads at exact scores. Hot ≥ 60, warm ≥ 30.
  const config: ScoringConfig = {
    ...defaultScoringConfig(),
    rules: [{ key: "touch", label: "Touch", kind: "event", match: { type: "touch" }, points: 10, maxCount: 20 }],
    groupCaps: {},
  };
  let nextId = 1;
  const leadsAt = (score: number, total: number, wins: number): HistoryLead[] =>
    Array.from({ length: total }, (_, i) => {
      const id = nextId++;
      const events = Array.from({ length: score / 10 }, () => ({ type: "touch", occurredAt: at(20) }));
      return { id, name: `L${id}`, facts: facts({ events, outcomes: [{ outcome: i < wins ? "won" : "lost", at: at(10) }] }) };
    });

  it("says so when hot leads do not convert better than warm ones, and suggests a higher threshold", () => {
    const leads = [...leadsAt(0, 20, 2), ...leadsAt(40, 40, 14), ...leadsAt(60, 30, 3), ...leadsAt(70, 30, 3), ...leadsAt(90, 15, 12)];
    const report = calibrate({ config, leads, now: NOW });
    const hot = report.tiers.find((t) => t.key === "hot")!;
    const warm = report.tiers.find((t) => t.key === "warm")!;
    expect(hot.conversion).toMatchObject({ won: 18, total: 75 });
    expect(warm.conversion).toMatchObject({ won: 14, total: 40 });
    expect(report.hotVsWarm.verdict).toBe("hot_not_better");
    expect(hotVsWarm(report)).toMatch(/^Hot leads did not convert better than Warm: Hot 24% \(18 of 75\) vs Warm 35% \(14 of 40\)/);
    if (report.hotVsWarm.verdict !== "hot_not_better") throw new Error("unreachable");
    expect(report.hotVsWarm.threshold).toMatchObject({ tier: "hot", from: 60, to: 90, above: { won: 12, total: 15 } });
    expect(hotVsWarm(report)).toMatch(/consider hot ≥ 90/);
  });

  it("confirms hot leads convert better when they clearly do", () => {
    const leads = [...leadsAt(0, 20, 1), ...leadsAt(40, 40, 6), ...leadsAt(70, 40, 28)];
    const report = calibrate({ config, leads, now: NOW });
    expect(report.hotVsWarm.verdict).toBe("hot_better");
    expect(hotVsWarm(report)).toMatch(/^Hot leads converted better than Warm: Hot 70% \(28 of 40\) vs Warm 15% \(6 of 40\), p < 0.001/);
  });

  it("uses the score at the moment of the result, not today's", () => {
    // Every lead is warm (40) when decided; ten more touches after the decision would make it hot.
    const leads = leadsAt(40, 40, 10).map((lead) => ({
      ...lead,
      facts: { ...lead.facts, events: [...lead.facts.events, ...Array.from({ length: 3 }, () => ({ type: "touch", occurredAt: at(5) }))] },
    }));
    const report = calibrate({ config, leads: [...leads, ...leadsAt(0, 10, 2)], now: NOW });
    expect(report.tiers.find((t) => t.key === "warm")!.conversion.total).toBe(40);
    expect(report.tiers.find((t) => t.key === "hot")!.conversion.total).toBe(0);
  });
});

describe("labelling", () => {
  it("drops events, calls and answers from the moment of the first decision on", () => {
    const lead: HistoryLead = {
      id: 1,
      name: "A",
      facts: facts({
        events: [
          { type: "pricing_page", occurredAt: at(12) },
          { type: "demo_request", occurredAt: at(10) },
        ],
        outcomes: [
          { outcome: "meeting_booked", at: at(11) },
          { outcome: "lost", at: at(10) },
          { outcome: "won", at: at(2) },
        ],
        qualification: [
          { framework: "BANT", dimension: "budget", answer: "yes", at: at(15) },
          { framework: "BANT", dimension: "need", answer: "yes", at: at(5) },
        ],
        lastPurchaseAt: at(1),
      }),
    };
    const label = labelLead(lead)!;
    // Lost first, won later: a deal won, judged on what was known before the first decision.
    expect(label.won).toBe(true);
    expect(label.decidedAt).toEqual(at(10));
    expect(label.facts.events.map((e) => e.type)).toEqual(["pricing_page"]);
    expect(label.facts.outcomes.map((o) => o.outcome)).toEqual(["meeting_booked"]);
    expect(label.facts.qualification).toEqual([{ framework: "BANT", dimension: "budget", answer: "yes" }]);
    expect(label.facts.lastPurchaseAt).toBeNull();
  });

  it("leaves a lead with no decision unlabelled", () => {
    expect(labelLead({ id: 1, name: "A", facts: facts({ outcomes: [{ outcome: "meeting_booked", at: at(1) }, { outcome: "no_answer", at: at(2) }] }) })).toBeNull();
  });
});

describe("statistics", () => {
  it("matches Fisher's exact test on the lady tasting tea", () => {
    const p = fisherExact(3, 1, 1, 3);
    expect(p.twoSided).toBeCloseTo(0.4857, 4);
    expect(p.greater).toBeCloseTo(0.2429, 4);
    expect(p.less).toBeCloseTo(0.9857, 4);
  });

  it("gives Wilson intervals that stay inside 0..1 and widen for small samples", () => {
    const none = wilson(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    expect(wilson(50, 100).high - wilson(50, 100).low).toBeLessThan(wilson(5, 10).high - wilson(5, 10).low);
  });

  it("corrects p-values for testing several rules (Holm)", () => {
    expect(holm([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
  });
});

describe("setMany edit", () => {
  const config = defaultScoringConfig();

  it("changes several rules in one step and skips rules already set that way", () => {
    const edited = applyEdit(config, {
      kind: "setMany",
      changes: [
        { key: "demo_request", points: 55 },
        { key: "newsletter_signup", points: 5 },
        { key: "pricing_page", points: 10 },
      ],
    });
    if (!edited.ok) throw new Error(editProblemText(edited.problem));
    expect(changeSummaryText(en, edited.summary)).toBe("2 rules: Demo request (demo_request): +40 → +55 points; Viewed the pricing page (pricing_page): +15 → +10 points");
    expect(edited.config.rules.find((r) => r.key === "demo_request")!.points).toBe(55);
    expect(config.rules.find((r) => r.key === "demo_request")!.points).toBe(40);
  });

  it("refuses unknown rules, repeated rules and changes that change nothing", () => {
    expect(worded(applyEdit(config, { kind: "setMany", changes: [{ key: "nope", points: 1 }] }))).toEqual({ ok: false, message: 'There is no rule "nope".' });
    expect(applyEdit(config, { kind: "setMany", changes: [{ key: "demo_request", points: 1 }, { key: "demo_request", points: 2 }] }).ok).toBe(false);
    expect(worded(applyEdit(config, { kind: "setMany", changes: [{ key: "demo_request", points: 40 }] }))).toEqual({
      ok: false,
      message: "Those rules already work that way; nothing to change.",
    });
  });
});

describe("weekly digest day", () => {
  it("is the first digest day of the week, weeks starting on Monday", () => {
    expect(isFirstDigestDayOfWeek("1-5", 1)).toBe(true);
    expect(isFirstDigestDayOfWeek("1-5", 2)).toBe(false);
    expect(isFirstDigestDayOfWeek("2,4", 2)).toBe(true);
    expect(isFirstDigestDayOfWeek("0,6", 6)).toBe(true);
    expect(isFirstDigestDayOfWeek("0,6", 0)).toBe(false);
    expect(isFirstDigestDayOfWeek("*", 1)).toBe(true);
  });
});
