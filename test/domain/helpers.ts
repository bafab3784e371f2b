import { defaultScoringConfig } from "../../src/domain/default-rules.js";
import { DAY_MS } from "../../src/domain/exact.js";
import type { LeadFacts, ScoringConfig } from "../../src/domain/types.js";

export const T0 = new Date("2025-03-03T09:00:00.000Z");

export function at(days: number, from: Date = T0): Date {
  return new Date(from.getTime() + Math.round(days * DAY_MS));
}

export function facts(partial: Partial<LeadFacts> = {}): LeadFacts {
  return { attributes: {}, events: [], outcomes: [], qualification: [], ...partial };
}

/** `n` events of one type, one a day, the latest at `latest`. */
export function daily(type: string, n: number, latest: Date = T0): LeadFacts["events"] {
  return Array.from({ length: n }, (_, i) => ({ type, occurredAt: at(-i, latest) }));
}

export function config(patch: Partial<ScoringConfig> = {}): ScoringConfig {
  return { ...defaultScoringConfig(), ...patch };
}
