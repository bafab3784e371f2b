/**
 * A team's rule labels, tier names and next actions in the reader's words. A team starts with
 * the default rule set (src/domain/default-rules.ts), whose English words are stored as its
 * data; while a rule or tier keeps its default wording, every view says the catalog's words
 * for it (`rule.<key>.label`, `tier.<key>.name`, `tier.<key>.action`), so a Ukrainian team
 * reads "Запит на демо". A label, name or action a manager typed is the team's own and is
 * shown exactly as typed. Without a key (a message queued before keys were kept) the stored
 * words are shown. Likewise a default tier named by its key in a sentence (tierWord) and the
 * default rule group a cap holds back (groupName).
 */
import { DEFAULT_GROUP_CAPS, DEFAULT_RULES, DEFAULT_TIERS } from "../domain/default-rules.js";
import type { MessageKey, Translator } from "../i18n/index.js";

const DEFAULT_LABELS = new Map(DEFAULT_RULES.map((r) => [r.key, r.label]));
const DEFAULT_GROUPS = new Set(Object.keys(DEFAULT_GROUP_CAPS));
const DEFAULT_TIER_WORDS = new Map(DEFAULT_TIERS.map((t) => [t.key, t]));

/** A rule's label: the catalog's when it is still the default label of its key, else as the team wrote it. */
export function ruleLabel(t: Translator, rule: { key?: string | null; label: string }): string {
  if (rule.key && DEFAULT_LABELS.get(rule.key) === rule.label) return t.t(`rule.${rule.key}.label` as MessageKey);
  return rule.label;
}

/** A tier's name ("Hot", "Гарячий"): the catalog's when it is still the default name of its key. */
export function tierName(t: Translator, tier: { key?: string | null; label: string }): string {
  if (tier.key && DEFAULT_TIER_WORDS.get(tier.key)?.label === tier.label) return t.t(`tier.${tier.key}.name` as MessageKey);
  return tier.label;
}

/**
 * A tier named by its key alone, as a word inside a sentence ("Score 40 → 65 (hot)"): for a
 * default key the catalog's name in lower case (English: the key itself), else the key.
 */
export function tierWord(t: Translator, key: string): string {
  return DEFAULT_TIER_WORDS.has(key) ? t.t(`tier.${key}.name` as MessageKey).toLocaleLowerCase(t.intl) : key;
}

/** A tier's next action ("Call today"): the catalog's when it is still the default action of its key. */
export function tierAction(t: Translator, tier: { key?: string | null; action: string }): string {
  if (tier.key && DEFAULT_TIER_WORDS.get(tier.key)?.action === tier.action) return t.t(`tier.${tier.key}.action` as MessageKey);
  return tier.action;
}

/** A rule group's name ("Web activity"): the catalog's for a default group, else its key made readable ("intent" → "Intent"). */
export function groupName(t: Translator, group: string): string {
  if (DEFAULT_GROUPS.has(group)) return t.t(`rule.group.${group}` as MessageKey);
  const words = group.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
