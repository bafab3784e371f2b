import { canonical } from "./edits.js";
import { tierFor } from "./tiers.js";
import type { Framework, Rule, ScoringConfig } from "./types.js";

/**
 * What separates two scoring configurations, reduced to what a preview must re-read.
 *
 * A score is a sum of independent parts: one per uncapped rule and one per capped group
 * (min(group sum, cap)). Rules that count the same way under both configurations, outside any
 * group a change touches, add exactly the same to both scores, so the difference between the
 * two scores is the difference between the scores under `current` and `proposed` alone:
 * sub-configurations holding only the changed rules and the other rules of their capped groups.
 * A lead none of whose facts those rules can match scores the same under both.
 */
export interface ConfigDiff {
  /** The part of the current configuration the change touches (same caps, tiers, framework). */
  current: ScoringConfig;
  /** The part of the proposed configuration the change touches. */
  proposed: ScoringConfig;
  /** Whether some rule's contribution can differ; false for threshold-only changes. */
  rulesChanged: boolean;
  /** Whether some score lands in a different tier under the proposed thresholds. */
  tiersChanged: boolean;
  /** The facts the touched rules read, to find the leads they can affect. */
  reads: DiffReads;
  /**
   * The facts the changed rules alone read (without the other rules of their capped groups): a
   * lead with none of them scores the same under both configurations, since every changed rule
   * adds nothing to it either way and every group sum it has stays as it was.
   */
  changedReads: DiffReads;
}

export interface DiffReads {
  /** Event rules among the touched ones (their types and validity decide which events matter). */
  eventRules: Rule[];
  /** Call outcomes a touched rule counts. */
  outcomes: string[];
  /** Frameworks of touched qualification rules. */
  frameworks: Framework[];
  /** Lead fields a touched attribute rule tests ("title", "company" or a free attribute). */
  attributeFields: string[];
  /** Whether a touched rule is a buying-cycle rule. */
  cycle: boolean;
}

/** How one rule counts under its configuration, or null when it does not count at all. */
function ruleSignature(rule: Rule, config: ScoringConfig): string | null {
  if (rule.active === false) return null;
  if (rule.kind === "qualification" && !("framework" in rule.match && rule.match.framework === config.framework)) return null;
  const group = rule.group;
  const capped = group && Object.hasOwn(config.groupCaps, group) ? [group, config.groupCaps[group]] : null;
  // The label and key do not change a score; everything else might, so it is all compared.
  return JSON.stringify(canonical([rule.kind, rule.match, rule.points, rule.validityDays ?? null, rule.maxCount ?? null, capped]));
}

function cappedGroup(rule: Rule, config: ScoringConfig): string | null {
  const group = rule.group;
  return group && Object.hasOwn(config.groupCaps, group) ? JSON.stringify([group, config.groupCaps[group]]) : null;
}


export function diffConfigs(current: ScoringConfig, proposed: ScoringConfig): ConfigDiff {
  const signed = (config: ScoringConfig) =>
    config.rules.flatMap((rule) => {
      const signature = ruleSignature(rule, config);
      return signature === null ? [] : [{ rule, signature, group: cappedGroup(rule, config) }];
    });
  const before = signed(current);
  const after = signed(proposed);
  // Multiset difference: a rule counted twice in one and once in the other has changed too.
  const balance = new Map<string, number>();
  for (const { signature } of before) balance.set(signature, (balance.get(signature) ?? 0) + 1);
  for (const { signature } of after) balance.set(signature, (balance.get(signature) ?? 0) - 1);
  const changed = (signature: string) => (balance.get(signature) ?? 0) !== 0;
  const touchedGroups = new Set<string>();
  for (const entry of [...before, ...after]) if (entry.group !== null && changed(entry.signature)) touchedGroups.add(entry.group);
  const touched = (entries: typeof before) =>
    entries.filter((e) => changed(e.signature) || (e.group !== null && touchedGroups.has(e.group))).map((e) => e.rule);
  const currentRules = touched(before);
  const proposedRules = touched(after);
  const changedRules = [...before, ...after].filter((e) => changed(e.signature)).map((e) => e.rule);
  return {
    current: { ...current, rules: currentRules },
    proposed: { ...proposed, rules: proposedRules },
    rulesChanged: currentRules.length + proposedRules.length > 0,
    tiersChanged: tiersDiffer(current, proposed),
    reads: readsOf([...currentRules, ...proposedRules]),
    changedReads: readsOf(changedRules),
  };
}

/** Whether some score gets a different tier key: only at scores between the two sets of thresholds. */
function tiersDiffer(current: ScoringConfig, proposed: ScoringConfig): boolean {
  return tierBoundaries(current, proposed).some((score) => tierFor(score, current.tiers).key !== tierFor(score, proposed.tiers).key);
}

/**
 * Scores at which either configuration's tier can change, plus one below the lowest: between
 * two neighbouring values of this list both configurations keep the same tier, so checking
 * these values covers every score.
 */
export function tierBoundaries(current: ScoringConfig, proposed: ScoringConfig): number[] {
  const mins = new Set<number>();
  for (const tier of [...current.tiers, ...proposed.tiers]) if (tier.min !== null) mins.add(tier.min);
  const sorted = [...mins].sort((a, b) => a - b);
  return sorted.length === 0 ? [0] : [sorted[0]! - 1, ...sorted];
}

function readsOf(rules: Rule[]): DiffReads {
  const reads: DiffReads = { eventRules: [], outcomes: [], frameworks: [], attributeFields: [], cycle: false };
  for (const rule of rules) {
    const match = rule.match;
    switch (rule.kind) {
      case "event":
        reads.eventRules.push(rule);
        break;
      case "outcome":
        if ("outcome" in match && typeof match.outcome === "string") reads.outcomes.push(match.outcome);
        break;
      case "qualification":
        if ("framework" in match) reads.frameworks.push(match.framework);
        break;
      case "attribute":
        if ("field" in match && typeof match.field === "string") reads.attributeFields.push(match.field);
        break;
      case "cycle":
        reads.cycle = true;
        break;
    }
  }
  reads.outcomes = [...new Set(reads.outcomes)];
  reads.frameworks = [...new Set(reads.frameworks)];
  reads.attributeFields = [...new Set(reads.attributeFields)];
  return reads;
}
