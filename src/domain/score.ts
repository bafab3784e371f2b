import { nextChangeAt } from "./next-change.js";
import {
  buildModel,
  compileTotal,
  cycleElapsed,
  pointsAt,
  totalAt,
  windowAt,
  type ScoreModel,
  type Term,
} from "./score-model.js";
import { DAY_MS, MAX_TIME_MS } from "./exact.js";
import { tierFor } from "./tiers.js";
import type { Contribution, ContributionFacts, LeadFacts, ScoreResult, ScoringConfig } from "./types.js";

/**
 * The lead's score at `now`, its explanation and when it next changes on its own.
 * The breakdown lines always add up exactly to `score`; a group cap shows as its own line.
 * `facts`: each line also carries its detail as data (`Contribution.facts`), for a view to word.
 */
export function scoreLead(config: ScoringConfig, facts: LeadFacts, now: Date, options: { facts?: boolean } = {}): ScoreResult {
  const nowMs = instant(now);
  const model = buildModel(config, facts);
  const breakdown = explain(model, nowMs, options.facts ?? false);
  let score = 0;
  for (const line of breakdown) score += line.points;
  const changeMs = nextChangeAt(model, nowMs, score);
  return {
    score,
    tier: tierFor(score, config.tiers),
    breakdown,
    nextChangeAt: changeMs === null ? null : new Date(changeMs),
  };
}

/**
 * What a re-score stores: scoreLead without the explanation. Bulk re-scores run it for every
 * lead, where building (and collecting) each breakdown cost more than the scoring itself.
 */
export function scoreState(config: ScoringConfig, facts: LeadFacts, now: Date): Omit<ScoreResult, "breakdown"> {
  const nowMs = instant(now);
  const model = buildModel(config, facts);
  // The breakdown's lines add up to this: each capped group counts min(its sum, its cap).
  const score = totalAt(model, nowMs);
  const changeMs = nextChangeAt(model, nowMs, score);
  return { score, tier: tierFor(score, config.tiers), nextChangeAt: changeMs === null ? null : new Date(changeMs) };
}

/**
 * scoreAt for many leads under one configuration (a preview scores a team's leads under two):
 * the configuration is read once, and each lead scored without building a model.
 */
export function scoreAtUnder(config: ScoringConfig): (facts: LeadFacts, at: Date) => number {
  const total = compileTotal(config);
  return (facts, at) => total(facts, instant(at));
}

/** Just the score at `at`: for re-scoring in bulk and for checking a breakdown against it. */
export function scoreAt(config: ScoringConfig, facts: LeadFacts, at: Date): number {
  return totalAt(buildModel(config, facts), instant(at));
}

function instant(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Scoring needs a valid instant, got an invalid Date");
  return ms;
}

function explain(model: ScoreModel, now: number, withFacts: boolean): Contribution[] {
  const lines: Contribution[] = [];
  const groupSums = model.groupSums;
  groupSums.fill(0);
  for (const term of model.terms) {
    const line = contribution(term, now, withFacts);
    if (line === null) continue;
    if (term.capIndex >= 0) groupSums[term.capIndex] = (groupSums[term.capIndex] ?? 0) + line.points;
    lines.push(line);
  }
  for (let index = 0; index < model.caps.length; index++) {
    const { group, cap } = model.caps[index] ?? { group: "", cap: 0 };
    const sum = groupSums[index] ?? 0;
    if (sum <= cap) continue;
    lines.push({
      ruleKey: `cap:${group}`,
      label: `${humanize(group)} capped at ${cap}`,
      kind: "cap",
      count: 1,
      points: cap - sum,
      expiresAt: null,
      group,
      detail: `${sum} points in the group, at most ${cap} count`,
      ...(withFacts ? { facts: { kind: "cap", group, sum, cap } satisfies ContributionFacts } : {}),
    });
  }
  // Array sort is stable, so equal weights keep the rule-table order.
  return lines.length > 1 ? lines.sort(byWeight) : lines;
}

function byWeight(a: Contribution, b: Contribution): number {
  return Math.abs(b.points) - Math.abs(a.points);
}

/** The term's line at `now`, or null when it neither counted anything nor moved the score. */
function contribution(term: Term, now: number, withFacts: boolean): Contribution | null {
  const points = pointsAt(term, now);
  let count: number;
  let expiresAt: Date | null = null;
  let detail: string | undefined;
  let facts: ContributionFacts | undefined;
  switch (term.shape) {
    case "fixed":
      count = 1;
      if (term.evidence !== undefined) {
        detail = `${fieldName(term)}: ${term.evidence}`;
        facts = { kind: "field", field: fieldName(term), evidence: term.evidence };
      }
      break;
    case "window": {
      const window = windowAt(term, now);
      count = window.counted;
      if (count > 0) {
        if (window.expiresAt <= MAX_TIME_MS) expiresAt = new Date(window.expiresAt);
        detail = window.valid > count ? `${count} of ${window.valid} counted (max ${term.max})` : `${count} counted`;
        facts = { kind: "window", counted: count, valid: window.valid, max: Number.isFinite(term.max) ? term.max : null };
      }
      break;
    }
    case "cycle": {
      // Readiness grows rather than expires, so expiresAt stays null; its steps still feed nextChangeAt.
      count = 1;
      const elapsed = cycleElapsed(term, now);
      const days = Math.floor(elapsed / DAY_MS);
      const cycleDays = Math.round((term.cycleMs / DAY_MS) * 100) / 100;
      detail = `${days} of ${cycleDays} days into cycle${elapsed >= term.cycleMs ? ", ready" : ""}`;
      facts = { kind: "cycle", days, cycleDays, ready: elapsed >= term.cycleMs };
      break;
    }
  }
  if (points === 0 && count === 0) return null;
  const rule = term.rule;
  return {
    ruleKey: rule.key,
    label: rule.label || rule.key,
    kind: rule.kind,
    count,
    points,
    expiresAt,
    group: rule.group ?? null,
    detail,
    ...(withFacts && facts ? { facts } : {}),
  };
}

function fieldName(term: Term): string {
  const match = term.rule.match;
  return "field" in match && typeof match.field === "string" ? match.field : term.rule.key;
}

/** "web_activity" → "Web activity". */
function humanize(key: string): string {
  const words = key.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
