import { LIMITS } from "./limits.js";
import { textIssue, type TextIssue } from "./safe-input.js";
import type { Rule, ScoringConfig } from "./types.js";

/** One rule's new settings; a field left out stays as it is. */
export interface RuleSetting {
  key: string;
  points?: number;
  validityDays?: number | null;
  maxCount?: number | null;
}

/** A change a manager asks for. Each one turns a configuration into a new one. */
export type ScoringEdit =
  | ({ kind: "set" } & RuleSetting)
  | { kind: "thresholds"; values: Record<string, number> }
  | { kind: "add"; rule: Rule }
  | { kind: "remove"; key: string }
  /**
   * Several rules at once, previewed and confirmed (and undone) as one change, e.g. the weights
   * `/weights suggest` fitted. `title` leads the summary. Rules already set that way are skipped.
   */
  | { kind: "setMany"; changes: RuleSetting[]; title?: ChangeTitle };

/** What leads a summary of several rules instead of their count: the weights /weights suggest fitted. */
export type ChangeTitle = "suggested_weights";

/** A setting before and after. */
export interface Move<T> {
  from: T;
  to: T;
}

/** One rule's settings before and after a change; a setting the change leaves as it was is absent. */
export interface RuleMoves {
  key: string;
  label: string;
  points?: Move<number>;
  /** Days; null: valid forever. */
  validityDays?: Move<number | null>;
  /** Null: no limit. */
  maxCount?: Move<number | null>;
}

/**
 * What a change does, as data: a preview's header, the confirmation, `/weights history` and the
 * team audit word it in the reader's language (src/views/change-summary.view.ts). Stored with
 * the change. A plain string is a summary stored before summaries were data: its English words.
 */
export type ChangeSummary =
  | { kind: "set"; rule: RuleMoves }
  | { kind: "thresholds"; moves: Array<{ tier: string } & Move<number>> }
  | { kind: "add"; key: string; label: string; points: number }
  | { kind: "remove"; key: string; label: string; points: number }
  | { kind: "many"; title: ChangeTitle | null; rules: RuleMoves[] }
  | { kind: "undo"; of: ChangeSummary }
  | string;

/** Why a rule's settings cannot be stored; the bounds are RULE_BOUNDS and LIMITS. */
export type RuleProblem =
  | { kind: "points_out_of_range"; max: number }
  | { kind: "validity_out_of_range"; max: number }
  | { kind: "max_count_out_of_range"; max: number }
  | { kind: "label_length"; max: number }
  | { kind: "label_text"; issue: TextIssue }
  | { kind: "event_type_unfit"; max: number };

/** Why an edit cannot be made, with what its message needs (worded in src/views/scoring-edit.view.ts). */
export type EditProblem =
  | { kind: "rule_unfit"; key: string; problem: RuleProblem }
  | { kind: "thresholds_out_of_range"; max: number }
  | { kind: "no_rule"; key: string }
  | { kind: "rule_unchanged"; label: string }
  | { kind: "no_tier"; key: string; tiers: string[] }
  | { kind: "tier_without_threshold"; label: string }
  | { kind: "tiers_out_of_order"; above: { key: string; min: number }; below: { key: string; min: number } }
  | { kind: "thresholds_unchanged" }
  | { kind: "rule_exists"; key: string }
  | { kind: "rule_repeated" }
  | { kind: "rules_unchanged" };

export type EditResult = { ok: true; config: ScoringConfig; summary: Exclude<ChangeSummary, string> } | { ok: false; problem: EditProblem };

/** The widest settings a rule may have, however the change was asked for (strict form, words, suggest). */
export const RULE_BOUNDS = { points: 9_999, validityDays: 36_500, maxCount: 9_999, threshold: 9_999 } as const;

/** Why a rule's settings cannot be stored, or null. One check for every way a rule is changed. */
export function ruleProblem(rule: Rule): RuleProblem | null {
  const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
  if (!whole(rule.points, -RULE_BOUNDS.points, RULE_BOUNDS.points)) return { kind: "points_out_of_range", max: RULE_BOUNDS.points };
  if (rule.validityDays != null && !whole(rule.validityDays, 1, RULE_BOUNDS.validityDays)) {
    return { kind: "validity_out_of_range", max: RULE_BOUNDS.validityDays };
  }
  if (rule.maxCount != null && !whole(rule.maxCount, 1, RULE_BOUNDS.maxCount)) return { kind: "max_count_out_of_range", max: RULE_BOUNDS.maxCount };
  const label = rule.label.trim();
  if (label === "" || label.length > LIMITS.ruleLabel) return { kind: "label_length", max: LIMITS.ruleLabel };
  const labelIssue = textIssue(label);
  if (labelIssue) return { kind: "label_text", issue: labelIssue };
  const type = "type" in rule.match ? rule.match.type : undefined;
  if (typeof type === "string" && (type.trim() === "" || type.length > LIMITS.eventType || textIssue(type))) {
    return { kind: "event_type_unfit", max: LIMITS.eventType };
  }
  return null;
}

/** Applies one edit. Pure: the caller decides whether to preview or store the result. */
export function applyEdit(config: ScoringConfig, edit: ScoringEdit): EditResult {
  const result = applyUnchecked(config, edit);
  if (!result.ok) return result;
  for (const rule of result.config.rules) {
    const problem = ruleProblem(rule);
    if (problem) return { ok: false, problem: { kind: "rule_unfit", key: rule.key, problem } };
  }
  const badTier = result.config.tiers.find((t) => t.min !== null && !(Number.isInteger(t.min) && Math.abs(t.min) <= RULE_BOUNDS.threshold));
  if (badTier) return { ok: false, problem: { kind: "thresholds_out_of_range", max: RULE_BOUNDS.threshold } };
  return result;
}

function applyUnchecked(config: ScoringConfig, edit: ScoringEdit): EditResult {
  switch (edit.kind) {
    case "set": {
      const index = config.rules.findIndex((r) => r.key === edit.key);
      const rule = config.rules[index];
      if (!rule) return { ok: false, problem: { kind: "no_rule", key: edit.key } };
      const next: Rule = { ...rule };
      const moves: RuleMoves = { key: rule.key, label: rule.label };
      if (edit.points !== undefined && edit.points !== rule.points) {
        next.points = edit.points;
        moves.points = { from: rule.points, to: edit.points };
      }
      if (edit.validityDays !== undefined && edit.validityDays !== (rule.validityDays ?? null)) {
        next.validityDays = edit.validityDays;
        // 0 is never stored (validity is at least a day), and reads as forever, as before.
        moves.validityDays = { from: rule.validityDays || null, to: edit.validityDays || null };
      }
      if (edit.maxCount !== undefined && edit.maxCount !== (rule.maxCount ?? null)) {
        next.maxCount = edit.maxCount;
        moves.maxCount = { from: rule.maxCount ?? null, to: edit.maxCount };
      }
      if (!moves.points && !moves.validityDays && !moves.maxCount) return { ok: false, problem: { kind: "rule_unchanged", label: rule.label } };
      const rules = config.rules.slice();
      rules[index] = next;
      return { ok: true, config: { ...config, rules }, summary: { kind: "set", rule: moves } };
    }
    case "thresholds": {
      const tiers = config.tiers.map((t) => ({ ...t }));
      const moves: Array<{ tier: string } & Move<number>> = [];
      for (const [key, min] of Object.entries(edit.values)) {
        const tier = tiers.find((t) => t.key === key);
        if (!tier) return { ok: false, problem: { kind: "no_tier", key, tiers: tiers.map((t) => t.key) } };
        if (tier.min === null) return { ok: false, problem: { kind: "tier_without_threshold", label: tier.label } };
        if (tier.min !== min) moves.push({ tier: tier.key, from: tier.min, to: min });
        tier.min = min;
      }
      for (let i = 1; i < tiers.length; i++) {
        const above = tiers[i - 1]!;
        const below = tiers[i]!;
        if (below.min !== null && above.min !== null && below.min >= above.min) {
          return { ok: false, problem: { kind: "tiers_out_of_order", above: { key: above.key, min: above.min }, below: { key: below.key, min: below.min } } };
        }
      }
      if (moves.length === 0) return { ok: false, problem: { kind: "thresholds_unchanged" } };
      return { ok: true, config: { ...config, tiers }, summary: { kind: "thresholds", moves } };
    }
    case "add": {
      if (config.rules.some((r) => r.key === edit.rule.key)) return { ok: false, problem: { kind: "rule_exists", key: edit.rule.key } };
      return {
        ok: true,
        config: { ...config, rules: [...config.rules, edit.rule] },
        summary: { kind: "add", key: edit.rule.key, label: edit.rule.label, points: edit.rule.points },
      };
    }
    case "setMany": {
      if (new Set(edit.changes.map((c) => c.key)).size !== edit.changes.length) {
        return { ok: false, problem: { kind: "rule_repeated" } };
      }
      let current = config;
      const rules: RuleMoves[] = [];
      for (const change of edit.changes) {
        if (!current.rules.some((r) => r.key === change.key)) return { ok: false, problem: { kind: "no_rule", key: change.key } };
        const step = applyUnchecked(current, { ...change, kind: "set" });
        // A rule already set that way is not a reason to refuse the rest of the change.
        if (!step.ok || step.summary.kind !== "set") continue;
        current = step.config;
        rules.push(step.summary.rule);
      }
      if (rules.length === 0) return { ok: false, problem: { kind: "rules_unchanged" } };
      return { ok: true, config: current, summary: { kind: "many", title: edit.title ?? null, rules } };
    }
    case "remove": {
      const rule = config.rules.find((r) => r.key === edit.key);
      if (!rule) return { ok: false, problem: { kind: "no_rule", key: edit.key } };
      return {
        ok: true,
        config: { ...config, rules: config.rules.filter((r) => r.key !== edit.key) },
        summary: { kind: "remove", key: rule.key, label: rule.label, points: rule.points },
      };
    }
  }
}

// jsonb stores object keys in its own order, so compare with keys sorted.
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    const object = value as Record<string, unknown>;
    return Object.keys(object)
      .sort()
      .map((k) => [k, canonical(object[k])]);
  }
  return value;
}

/** Stable text form of a configuration, to tell whether two are the same. */
export function configFingerprint(config: ScoringConfig): string {
  const rule = (r: Rule) => [r.key, r.label, r.kind, r.match, r.points, r.validityDays ?? null, r.maxCount ?? null, r.group ?? null, r.active ?? true];
  return JSON.stringify(canonical([config.rules.map(rule), config.groupCaps, config.tiers, config.framework]));
}
