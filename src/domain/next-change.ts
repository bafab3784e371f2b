import { MAX_TIME_MS } from "./exact.js";
import { nextCycleStep, totalAt, type ScoreModel } from "./score-model.js";

/**
 * How many candidate instants the search evaluates before giving up. Only a pathological rule set
 * (thousands of expiries that cancel out exactly) gets near it; then the last instant checked is
 * returned, which is still safe: the caller re-scores then and gets a fresh answer.
 */
export const MAX_CHANGE_CANDIDATES = 10_000;

/**
 * The first instant after `now` at which the total differs from `scoreNow`, or null if never.
 *
 * The score is piecewise constant and only moves at an occurrence's start or expiry or at a
 * readiness step. Caps and offsetting rules can hide a move, so each candidate is evaluated in
 * increasing order rather than assuming the first one matters.
 */
export function nextChangeAt(model: ScoreModel, now: number, scoreNow: number): number | null {
  const instants = windowInstantsAfter(model, now);
  let next = 0;
  let t = now;
  for (let checked = 0; checked < MAX_CHANGE_CANDIDATES; checked++) {
    while (next < instants.length && (instants[next] ?? 0) <= t) next++;
    let candidate = instants[next] ?? Number.POSITIVE_INFINITY;
    for (const term of model.terms) {
      if (term.shape !== "cycle") continue;
      const step = nextCycleStep(term, t);
      if (step !== null && step < candidate) candidate = step;
    }
    if (candidate > MAX_TIME_MS) return null;
    t = candidate;
    if (totalAt(model, t) !== scoreNow) return t;
  }
  return t;
}

/** Starts and expiries after `now`, ascending. Zero-point rules never move the score, so skip them. */
function windowInstantsAfter(model: ScoreModel, now: number): number[] {
  const instants: number[] = [];
  for (const term of model.terms) {
    if (term.shape !== "window" || term.points === 0) continue;
    for (const at of term.times) {
      if (at > now) instants.push(at);
      const end = at + term.validityMs;
      if (end > now && end <= MAX_TIME_MS) instants.push(end);
    }
  }
  if (instants.length > 1) instants.sort((a, b) => a - b);
  return instants;
}
