import type { Tier } from "./types.js";

export const MIN_TIERS = 3;
export const MAX_TIERS = 5;

/**
 * The highest tier whose threshold the score reaches; the open-ended (`min: null`) tier takes the
 * rest. Tolerates any order so a hand-edited config cannot misfile a lead.
 */
export function tierFor(score: number, tiers: readonly Tier[]): Tier {
  let best: Tier | undefined;
  let floor: Tier | undefined;
  for (const tier of tiers) {
    if (tier.min === null) floor ??= tier;
    else if (tier.min <= score && (best === undefined || tier.min > (best.min ?? -Infinity))) best = tier;
  }
  const tier = best ?? floor ?? tiers[tiers.length - 1];
  if (!tier) throw new RangeError("A scoring config needs at least one tier");
  return tier;
}

/** A reason the tiers are unusable, phrased for a manager in chat, or null when they are fine. */
export function validateTiers(tiers: readonly Tier[]): string | null {
  if (tiers.length < MIN_TIERS || tiers.length > MAX_TIERS) {
    return `Use ${MIN_TIERS} to ${MAX_TIERS} tiers (got ${tiers.length}).`;
  }
  const keys = new Set<string>();
  for (const tier of tiers) {
    const key = tier.key.trim().toLowerCase();
    if (key === "") return "Every tier needs a name.";
    if (keys.has(key)) return `Tier names must be unique ("${tier.key}" appears twice).`;
    keys.add(key);
  }
  const last = tiers[tiers.length - 1];
  if (!last || last.min !== null) return "The lowest tier must take every score below the others (no threshold).";
  for (let i = 0; i < tiers.length - 1; i++) {
    const tier = tiers[i];
    if (!tier || tier.min === null) return `Only the lowest tier can be open-ended; give "${tier?.key}" a threshold.`;
    if (!Number.isInteger(tier.min)) return `Thresholds are whole points ("${tier.key}" has ${tier.min}).`;
    const below = tiers[i + 1];
    if (below && below.min !== null && below.min >= tier.min) {
      return `Thresholds must go down: ${tier.key} (${tier.min}) must be above ${below.key} (${below.min}).`;
    }
  }
  return null;
}

/**
 * New tiers with some thresholds changed, e.g. `{ hot: 70, warm: 40 }` from
 * `/weights thresholds hot=70 warm=40`, or the reason the change is refused.
 */
export function withThresholds(tiers: readonly Tier[], thresholds: Record<string, number>): Tier[] | string {
  const byKey = new Map<string, number>();
  for (const [key, min] of Object.entries(thresholds)) {
    const tier = tiers.find((candidate) => candidate.key.toLowerCase() === key.trim().toLowerCase());
    if (!tier) return `There is no tier "${key}". Tiers: ${tiers.map((t) => t.key).join(", ")}.`;
    if (tier.min === null) return `${tier.key} is the lowest tier and takes every score below the others; it has no threshold.`;
    if (!Number.isInteger(min)) return `Thresholds are whole points (${key}=${min}).`;
    byKey.set(tier.key, min);
  }
  const updated = tiers.map((tier) => {
    const min = byKey.get(tier.key);
    return min === undefined ? { ...tier } : { ...tier, min };
  });
  return validateTiers(updated) ?? updated;
}

/**
 * The score at which a lead becomes an MQL: the threshold of the team's MQL tier, or, should
 * that tier be gone, of the second-lowest tier (the lowest takes everything and has none).
 */
export function mqlThreshold(tiers: readonly Tier[], mqlTier: string): number {
  const tier = tiers.find((t) => t.key === mqlTier);
  return tier?.min ?? tiers[tiers.length - 2]?.min ?? 0;
}
