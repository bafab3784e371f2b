import { attributeMatches, type AttributeMatch } from "./attributes.js";
import { DAY_MS, firstReaching, floorMulDiv, toInteger } from "./exact.js";
import type { Framework, LeadFacts, Rule, ScoringConfig } from "./types.js";

/**
 * One lead under one config, reduced to numbers so the score can be evaluated at many instants
 * (the next-change search does exactly that) without touching Dates, strings or rule shapes again.
 */
export interface ScoreModel {
  terms: Term[];
  caps: GroupCap[];
  /** Scratch space for per-group sums, reused by every evaluation of this model. */
  groupSums: number[];
}

export interface GroupCap {
  group: string;
  cap: number;
}

interface TermBase {
  rule: Rule;
  /** Index into `caps`, or -1 when the rule's total is not capped. */
  capIndex: number;
}

/** Event and outcome rules: occurrences valid in [at, at + validityMs), at most `max` counted. */
export interface WindowTerm extends TermBase {
  shape: "window";
  points: number;
  /** Ascending, never empty. */
  times: number[];
  validityMs: number;
  max: number;
}

/** Attribute and qualification rules that hold: constant over time. */
export interface FixedTerm extends TermBase {
  shape: "fixed";
  points: number;
  /** The value that made the rule apply, for the explanation. */
  evidence: string | undefined;
}

/** Buying-cycle readiness: |readyPoints| × elapsed ÷ cycle, truncated, signed. */
export interface CycleTerm extends TermBase {
  shape: "cycle";
  sign: 1 | -1;
  ready: number;
  startMs: number;
  cycleMs: number;
}

export type Term = WindowTerm | FixedTerm | CycleTerm;

const NEVER_EXPIRES = Number.POSITIVE_INFINITY;

/**
 * Only terms that can ever contribute are kept: a rule with no matching occurrences or a predicate
 * that does not hold adds nothing now or later. Bulk re-scoring runs this for every lead, so the
 * model is built with as few allocations as possible.
 */
export function buildModel(config: ScoringConfig, facts: LeadFacts): ScoreModel {
  const terms: Term[] = [];
  const caps: GroupCap[] = [];
  for (const rule of config.rules) {
    if (!counts(rule, config.framework)) continue;
    const term = buildTerm(rule, facts);
    if (term === null) continue;
    term.capIndex = capIndexFor(rule, config.groupCaps, caps);
    terms.push(term);
  }
  return { terms, caps, groupSums: caps.length === 0 ? NO_SUMS : caps.map(() => 0) };
}

const NO_SUMS: number[] = [];

/** Total score at instant `t` (ms). Allocation-free: this is the hot loop of the next-change search. */
export function totalAt(model: ScoreModel, t: number): number {
  const sums = model.groupSums;
  sums.fill(0);
  let total = 0;
  for (const term of model.terms) {
    const points = pointsAt(term, t);
    if (term.capIndex >= 0) sums[term.capIndex] = (sums[term.capIndex] ?? 0) + points;
    else total += points;
  }
  for (let i = 0; i < model.caps.length; i++) {
    total += Math.min(sums[i] ?? 0, model.caps[i]?.cap ?? 0);
  }
  return total;
}

export function pointsAt(term: Term, t: number): number {
  switch (term.shape) {
    case "fixed":
      return term.points;
    case "window": {
      const counted = countedAt(term, t);
      return counted === 0 ? 0 : counted * term.points;
    }
    case "cycle": {
      const steps = floorMulDiv(term.ready, cycleElapsed(term, t), term.cycleMs);
      return term.sign > 0 ? steps : 0 - steps;
    }
  }
}

export interface WindowState {
  valid: number;
  counted: number;
  /** Expiry (ms) of the oldest counted occurrence, +Infinity when nothing counted expires. */
  expiresAt: number;
}

function countedAt(term: WindowTerm, t: number): number {
  const valid = firstAfter(term.times, t) - firstAfter(term.times, t - term.validityMs);
  return valid < term.max ? valid : term.max;
}

/** The most recent valid occurrences are the ones counted, because they are the last to expire. */
export function windowAt(term: WindowTerm, t: number): WindowState {
  const { times, validityMs, max } = term;
  const end = firstAfter(times, t);
  const start = firstAfter(times, t - validityMs);
  const valid = end - start;
  const counted = valid < max ? valid : max;
  const oldestCounted = times[end - counted];
  const expiresAt = counted > 0 && oldestCounted !== undefined ? oldestCounted + validityMs : NEVER_EXPIRES;
  return { valid, counted, expiresAt };
}

export function cycleElapsed(term: CycleTerm, t: number): number {
  const elapsed = t - term.startMs;
  if (elapsed <= 0) return 0;
  return elapsed < term.cycleMs ? elapsed : term.cycleMs;
}

/** The first instant after `t` at which the truncated readiness steps up, or null once full. */
export function nextCycleStep(term: CycleTerm, t: number): number | null {
  if (term.ready === 0) return null;
  const elapsed = cycleElapsed(term, t);
  if (elapsed >= term.cycleMs) return null;
  const steps = floorMulDiv(term.ready, elapsed, term.cycleMs);
  return term.startMs + firstReaching(steps + 1, term.cycleMs, term.ready);
}

function counts(rule: Rule, framework: Framework): boolean {
  if (rule.active === false) return false;
  if (rule.kind !== "qualification") return true;
  return "framework" in rule.match && rule.match.framework === framework;
}

function capIndexFor(rule: Rule, groupCaps: Record<string, number>, caps: GroupCap[]): number {
  const group = rule.group;
  if (!group || !Object.hasOwn(groupCaps, group)) return -1;
  for (let i = 0; i < caps.length; i++) if (caps[i]?.group === group) return i;
  // A cap limits what a group adds; below 0 it would take away points the lead never earned.
  caps.push({ group, cap: Math.max(0, toInteger(groupCaps[group])) });
  return caps.length - 1;
}

function buildTerm(rule: Rule, facts: LeadFacts): Term | null {
  const points = toInteger(rule.points);
  const match = rule.match;
  switch (rule.kind) {
    case "event":
    case "outcome": {
      const key = matchKey(rule);
      const times =
        key === null ? null : rule.kind === "event" ? eventTimes(facts.events, key) : outcomeTimes(facts.outcomes, key);
      if (times === null) return null;
      const max = maxCount(rule);
      if (max === 0) return null;
      return { shape: "window", rule, capIndex: -1, points, times, validityMs: validityMs(rule.validityDays), max };
    }
    case "attribute": {
      if (!("field" in match) || !("op" in match)) return null;
      if (!attributeMatches(match as AttributeMatch, facts.attributes)) return null;
      const evidence = describeValue(facts.attributes[match.field]);
      return { shape: "fixed", rule, capIndex: -1, points, evidence };
    }
    case "qualification": {
      if (!("framework" in match)) return null;
      if (latestAnswer(facts, match.framework, match.dimension) !== "yes") return null;
      return { shape: "fixed", rule, capIndex: -1, points, evidence: undefined };
    }
    case "cycle": {
      const startMs = facts.lastPurchaseAt?.getTime();
      const cycleMs = Math.round((facts.cycleDays ?? 0) * DAY_MS);
      if (startMs === undefined || Number.isNaN(startMs) || !(cycleMs > 0)) return null;
      const sign = points < 0 ? -1 : 1;
      return { shape: "cycle", rule, capIndex: -1, sign, ready: Math.abs(points), startMs, cycleMs };
    }
    default:
      return null;
  }
}

function matchKey(rule: Rule): string | null {
  const match = rule.match;
  if (rule.kind === "event") return "type" in match && typeof match.type === "string" ? match.type : null;
  return "outcome" in match && typeof match.outcome === "string" ? match.outcome : null;
}

/** No validity (or a nonsensical one) means the occurrence counts forever. */
function validityMs(days: number | null | undefined): number {
  if (typeof days !== "number" || Number.isNaN(days)) return NEVER_EXPIRES;
  if (days <= 0) return 0;
  return Number.isFinite(days) ? Math.round(days * DAY_MS) : NEVER_EXPIRES;
}

/** A logged outcome counts once unless the rule says otherwise; events count without limit. */
function maxCount(rule: Rule): number {
  const max = rule.maxCount;
  if (typeof max !== "number" || Number.isNaN(max)) {
    return rule.kind === "outcome" ? 1 : Number.POSITIVE_INFINITY;
  }
  return max <= 0 ? 0 : Math.floor(max);
}

/** Answers are kept in capture order, so the last one for a dimension is the current one. */
function latestAnswer(facts: LeadFacts, framework: Framework, dimension: string): string | undefined {
  let answer: string | undefined;
  for (const entry of facts.qualification) {
    if (entry.framework === framework && sameDimension(entry.dimension, dimension)) answer = entry.answer;
  }
  return answer;
}

function sameDimension(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** Ascending times of the lead's events of one type, or null when there are none. */
function eventTimes(events: LeadFacts["events"], type: string): number[] | null {
  let times: number[] | null = null;
  for (const event of events) {
    if (event.type !== type) continue;
    const ms = event.occurredAt.getTime();
    if (!Number.isNaN(ms)) (times ??= []).push(ms);
  }
  if (times !== null && times.length > 1) times.sort(ascending);
  return times;
}

/** Ascending times of one logged call outcome, or null when there are none. */
function outcomeTimes(outcomes: LeadFacts["outcomes"], outcome: string): number[] | null {
  let times: number[] | null = null;
  for (const entry of outcomes) {
    if (entry.outcome !== outcome) continue;
    const ms = entry.at.getTime();
    if (!Number.isNaN(ms)) (times ??= []).push(ms);
  }
  if (times !== null && times.length > 1) times.sort(ascending);
  return times;
}

const ascending = (a: number, b: number) => a - b;

/** Index of the first element greater than `t` in an ascending list. */
function firstAfter(times: readonly number[], t: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((times[mid] ?? 0) <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}

function describeValue(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(String).join(", ");
  return undefined;
}
