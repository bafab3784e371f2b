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
  times: readonly number[];
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
  return countedIn(term.times, t, term.validityMs, term.max);
}

function countedIn(times: readonly number[], t: number, validityMs: number, max: number): number {
  const valid = firstAfter(times, t) - firstAfter(times, t - validityMs);
  return valid < max ? valid : max;
}

/**
 * totalAt(buildModel(config, facts), t) for many leads under one configuration: what does not
 * depend on the lead (which rules count, their points, windows and caps) is worked out once, and
 * each lead is then scored without building a model (nothing allocated when its events come as
 * `eventTimesByType`). For scoring a team's leads in bulk (previews); no explanation, no next change.
 */
export function compileTotal(config: ScoringConfig): (facts: LeadFacts, t: number) => number {
  const caps: GroupCap[] = [];
  const parts: Array<(facts: LeadFacts, t: number) => number | null> = [];
  const capIndexes: number[] = [];
  for (const rule of config.rules) {
    if (!counts(rule, config.framework)) continue;
    const part = compilePart(rule);
    if (part === null) continue;
    parts.push(part);
    // A group's cap counts once some rule of it counts; a group with nothing in it adds min(0, cap) = 0 either way.
    capIndexes.push(capIndexFor(rule, config.groupCaps, caps));
  }
  const sums = caps.map(() => 0);
  return (facts, t) => {
    sums.fill(0);
    let total = 0;
    for (let i = 0; i < parts.length; i++) {
      const points = parts[i]!(facts, t);
      if (points === null) continue;
      const cap = capIndexes[i]!;
      if (cap >= 0) sums[cap] = sums[cap]! + points;
      else total += points;
    }
    for (let i = 0; i < caps.length; i++) total += Math.min(sums[i]!, caps[i]!.cap);
    return total;
  };
}

/** A rule's points for a lead at `t` as its term would give them; null where the lead has no term for it. */
function compilePart(rule: Rule): ((facts: LeadFacts, t: number) => number | null) | null {
  const points = toInteger(rule.points);
  const match = rule.match;
  switch (rule.kind) {
    case "event":
    case "outcome": {
      const key = matchKey(rule);
      const max = maxCount(rule);
      if (key === null || max === 0) return null;
      const validity = validityMs(rule.validityDays);
      const event = rule.kind === "event";
      return (facts, t) => {
        const times = !event
          ? outcomeTimes(facts.outcomes, key)
          : facts.eventTimesByType
            ? nonEmpty(facts.eventTimesByType.get(key))
            : eventTimes(facts.events, key);
        if (times === null) return null;
        const counted = countedIn(times, t, validity, max);
        return counted === 0 ? 0 : counted * points;
      };
    }
    case "attribute":
      if (!("field" in match) || !("op" in match)) return null;
      return (facts) => (attributeMatches(match as AttributeMatch, facts.attributes) ? points : null);
    case "qualification":
      if (!("framework" in match)) return null;
      return (facts) => (latestAnswer(facts, match.framework, match.dimension) === "yes" ? points : null);
    case "cycle": {
      const sign = points < 0 ? -1 : 1;
      const ready = Math.abs(points);
      return (facts, t) => {
        const startMs = facts.lastPurchaseAt?.getTime();
        const cycleMs = Math.round((facts.cycleDays ?? 0) * DAY_MS);
        if (startMs === undefined || Number.isNaN(startMs) || !(cycleMs > 0)) return null;
        const steps = floorMulDiv(ready, elapsedIn(startMs, cycleMs, t), cycleMs);
        return sign > 0 ? steps : 0 - steps;
      };
    }
    default:
      return null;
  }
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
  return elapsedIn(term.startMs, term.cycleMs, t);
}

function elapsedIn(startMs: number, cycleMs: number, t: number): number {
  const elapsed = t - startMs;
  if (elapsed <= 0) return 0;
  return elapsed < cycleMs ? elapsed : cycleMs;
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
        key === null
          ? null
          : rule.kind === "outcome"
            ? outcomeTimes(facts.outcomes, key)
            : facts.eventTimesByType
              ? nonEmpty(facts.eventTimesByType.get(key))
              : eventTimes(facts.events, key);
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

const nonEmpty = (times: readonly number[] | undefined): readonly number[] | null => (times !== undefined && times.length > 0 ? times : null);

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
