import { distance } from "fastest-levenshtein";
import type { ScoringEdit } from "./edits.js";
import { displayForm, foldForm, withoutInnerApostrophes } from "./text-forms.js";
import type { Rule, ScoringConfig } from "./types.js";
import { lexiconsFor, type LanguageOption, type Lexicon } from "./words.js";

/**
 * Reads what a manager typed after `/weights` in their own words ("make demo requests worth 50",
 * "зроби запит на демо 50 балів", "cennik ważny 6 tygodni", "ce-ar fi dacă pagina de prețuri
 * ar valora 40?") as a scoring edit. Pure: it only looks at the text, the team's current rules
 * and the vocabularies (src/i18n/vocabulary). It never guesses: a rule name that fits several
 * rules comes back as a question, and anything it cannot place comes back unclear, as data;
 * the words of the answer are the views' (src/views/weights-phrase.view.ts).
 *
 * Languages: given the reader's language it reads the words in it and then in English; with
 * none it tries every vocabulary, English first, and takes the first that understands them.
 */

type SetEdit = Extract<ScoringEdit, { kind: "set" }>;

/** The edits a phrase can ask for; each has a strict form to put on a button. */
export type PhraseEdit = Extract<ScoringEdit, { kind: "set" | "thresholds" }>;

/** Why the words are not an edit yet: what to ask the manager. */
export type PhraseProblem =
  /** Nothing but filler. */
  | { kind: "empty" }
  /** A command word, not a rule ("suggest"). */
  | { kind: "reserved"; word: string }
  /** A number or a change, but no rule named. */
  | { kind: "no_rule_named" }
  /** Words that name no rule the team has. */
  | { kind: "no_rule"; typed: string }
  | { kind: "several_numbers"; numbers: number[] }
  /** New points and "by N" both. */
  | { kind: "points_and_delta" }
  /** Several rules fit and no change was given either. */
  | { kind: "which_rule"; typed: string; rules: Rule[] }
  /** The rule is clear; what to change is not. */
  | { kind: "how_long"; rule: Rule }
  | { kind: "how_many_times"; rule: Rule }
  | { kind: "by_how_much"; rule: Rule }
  | { kind: "how_many_points"; rule: Rule };

export type PhraseReading =
  /** `whatIf`: the manager asked a hypothetical; show the effect, store nothing. */
  | { kind: "edit"; edit: PhraseEdit; whatIf: boolean }
  /** Several rules fit the words about equally well: ask back with one choice per rule. */
  | { kind: "ambiguous"; typed: string; whatIf: boolean; choices: Array<{ rule: Rule; edit: SetEdit }> }
  /** Not understood. `rule` is set when the rule was clear but what to change was not. */
  | { kind: "unclear"; problem: PhraseProblem; rule?: Rule };

export type RuleMatch = { kind: "one"; rule: Rule } | { kind: "several"; rules: Rule[] } | { kind: "none" };

/** A word as compared (`key`: folded) and as shown back (`shown`: lower case, diacritics kept). */
interface Token {
  key: string;
  shown: string;
}

/** Never a rule name: `/weights suggest` is its own command (calibration), whatever the language. */
const RESERVED = new Set(["suggest", "suggests", "suggestion", "suggestions", "calibrate", "calibration"]);

/** Stemmed and filtered like names are: the words of a name or phrase that carry meaning. */
function words(text: string): string[] {
  return withoutInnerApostrophes(text.normalize("NFC"))
    .replace(/[“”„«»"'‘’`()[\]{}.,;:!?]/g, " ")
    .split(/[\s_-]+/)
    .map(foldForm)
    .filter(Boolean);
}

// A negation is never filler, even where the same word is ("no" is Polish for "well"): "no response" is not "response".
const isFiller = (lex: Lexicon, word: string, stemmed: string) =>
  word === "=" || (!lex.weights.negations.has(word) && (lex.weights.filler.has(word) || lex.weights.filler.has(stemmed)));

/** The stemmed words that carry meaning; a name made only of filler keeps its words. */
function nameTokens(text: string, lex: Lexicon): string[] {
  // Negations keep their form: they are looked up as they are ("fără", "немає"), never fuzzily.
  const all = words(text).map((w) => ({ w, s: lex.weights.negations.has(w) ? w : lex.stem(w) }));
  const meaningful = all.filter(({ w, s }) => !isFiller(lex, w, s)).map(({ s }) => s);
  return meaningful.length > 0 ? meaningful : all.map(({ s }) => s);
}

/** How many typos a word of this length may carry and still count as meant. */
function typoLimit(length: number): number {
  // Looser limits start matching other real words ("order" ~ "reorder").
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  if (length <= 11) return 2;
  return 3;
}

function swapsNeighbours(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  // The first difference and the next letter trade places, and the rest is the same.
  if (i >= a.length - 1 || a[i] !== b[i + 1] || a[i + 1] !== b[i]) return false;
  return a.slice(i + 2) === b.slice(i + 2);
}

const negated = (lex: Lexicon, word: string) => lex.negativePrefixes.some((p) => word.startsWith(p));

/**
 * 1 for the same word, a little less for a prefix or a typo, 0 when it is another word.
 * Prefixes count only against a rule's own key and label: "page" is not short for "pageview".
 */
function wordQuality(typed: string, name: string, prefixes: boolean, lex: Lexicon): number {
  if (typed === name) return 1;
  if (/^\d+$/.test(typed)) return 0;
  if (prefixes && typed.length >= 3 && name.startsWith(typed)) return 0.9;
  // A word ending the way words end ("clicking" for "click"), not a different word ("linkedin" for "link").
  if (prefixes && name.length >= 4 && typed.startsWith(name) && typed.length - name.length <= 3) return 0.85;
  // "interested" is no typo of "uninterested", nor "зацікавлений" of "незацікавлений": a negating prefix changes the meaning.
  if (negated(lex, typed) !== negated(lex, name)) return 0;
  const shorter = Math.min(typed.length, name.length);
  const limit = typoLimit(shorter);
  if (Math.abs(typed.length - name.length) > Math.max(limit, 0)) return 0;
  // Swapped neighbours ("qoute", "dmeo") are one slip of the fingers, though Levenshtein counts two.
  if (shorter >= 4 && swapsNeighbours(typed, name)) return 0.85;
  const d = distance(typed, name);
  return d <= limit ? 0.85 - 0.1 * (d - 1) : 0;
}

/**
 * How well typed words fit one name of a rule: every typed word must find its own word in
 * the name. `whole` names (synonyms) must also be used up completely, so "page" alone does
 * not pull in "page view".
 */
function nameScore(typed: string[], name: string[], whole: boolean, lex: Lexicon): number {
  // Each typed word needs a word of its own: more typed words than the name has never fit.
  if (typed.length > name.length) return 0;
  const used = new Set<number>();
  let total = 0;
  for (const t of typed) {
    let best = 0;
    let bestIndex = -1;
    name.forEach((n, i) => {
      if (used.has(i)) return;
      const q = wordQuality(t, n, !whole, lex);
      if (q > best) [best, bestIndex] = [q, i];
    });
    if (bestIndex === -1) return 0;
    used.add(bestIndex);
    total += best;
  }
  if (whole && used.size < name.length) return 0;
  // "interested" must not find "not interested": a negation in the name has to be typed too.
  if (name.some((n, i) => lex.weights.negations.has(n) && !used.has(i))) return 0;
  // Covering more of the name breaks ties: "demo request" fits demo_request better than "demo".
  return total / typed.length + (0.1 * used.size) / name.length;
}

interface NamedRule {
  rule: Rule;
  partial: string[][];
  whole: string[][];
}

/** The vocabulary's names of the default rules, per lexicon, made once. */
const vocabularyNames = new WeakMap<Lexicon, Map<string, { partial: string[][]; whole: string[][] }>>();

function defaultNames(lex: Lexicon, key: string): { partial: string[][]; whole: string[][] } | undefined {
  let names = vocabularyNames.get(lex);
  if (!names) {
    names = new Map(
      Object.entries(lex.vocabulary.rules).map(([k, r]) => [k, { partial: r.labels.map((l) => nameTokens(l, lex)), whole: r.synonyms.map((s) => nameTokens(s, lex)) }]),
    );
    vocabularyNames.set(lex, names);
  }
  return names.get(key);
}

// A team's keys and labels, as name tokens per language: the same few hundred come back on every
// phrase. Bounded, since labels are whatever teams typed.
const ownNames = new Map<string, string[]>();

function ownName(text: string, lex: Lexicon): string[] {
  const id = `${lex.language}\u0000${text}`;
  let tokens = ownNames.get(id);
  if (!tokens) {
    if (ownNames.size >= 5000) ownNames.clear();
    tokens = nameTokens(text, lex);
    ownNames.set(id, tokens);
  }
  return tokens;
}

function namesOf(rule: Rule, lex: Lexicon): NamedRule {
  const known = defaultNames(lex, rule.key);
  return {
    rule,
    partial: [ownName(rule.key, lex), ownName(rule.label, lex), ...(known?.partial ?? [])],
    whole: known?.whole ?? [],
  };
}

/** Scores within this much of the best are too close to call. */
const TIE_MARGIN = 0.05;

function matchWith(rules: Rule[], typed: string, lex: Lexicon): RuleMatch {
  const phrase = nameTokens(typed, lex);
  if (phrase.length === 0 || phrase.some((w) => RESERVED.has(w))) return { kind: "none" };
  const named = rules.map((r) => namesOf(r, lex));
  const joined = phrase.join("");
  const exact = named.filter((n) => [...n.partial, ...n.whole].some((name) => name.join("") === joined));
  if (exact.length === 1) return { kind: "one", rule: exact[0]!.rule };
  if (exact.length > 1) return { kind: "several", rules: exact.map((n) => n.rule) };
  const scored = named
    .map((n) => ({
      rule: n.rule,
      score: Math.max(0, ...n.partial.map((name) => nameScore(phrase, name, false, lex)), ...n.whole.map((name) => nameScore(phrase, name, true, lex))),
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return { kind: "none" };
  const close = scored.filter((s) => s.score >= best.score - TIE_MARGIN);
  return close.length === 1 ? { kind: "one", rule: best.rule } : { kind: "several", rules: close.map((s) => s.rule) };
}

/**
 * Finds the rule meant by a name as people type it: key or label, any case, spaces or
 * underscores, singular or plural (or another form: "запиту", "cennika"), a known synonym in
 * the reader's language or English, or a small typo. Several equally good fits come back as
 * `several`.
 */
export function matchRule(rules: Rule[], typed: string, options: LanguageOption = {}): RuleMatch {
  for (const lex of lexiconsFor(options.language)) {
    const match = matchWith(rules, typed, lex);
    if (match.kind !== "none") return match;
  }
  return { kind: "none" };
}

interface NumberRead {
  value: number;
  unit?: "days" | "points" | "times";
  days?: number;
}

const UNIT_DAYS = { day: 1, week: 7, month: 30, year: 365 } as const;

/** Days in a period unit word ("days", "тижнів", "zile"), or undefined; hours are no validity. */
function unitDays(lex: Lexicon, word: string): number | undefined {
  const unit = lex.units.whole([word]);
  return unit && unit !== "hour" ? UNIT_DAYS[unit] : undefined;
}

/** A number as typed: "50", "+20", "-15" (any dash), "20pts", "45d", "6weeks", "6тиж", "fifty", "п'ятдесят". */
function readNumber(token: string, lex: Lexicon): NumberRead | null {
  const word = lex.numbers.get(token);
  if (word !== undefined) return { value: word };
  const match = /^([+-]?)(\d{1,4})(\p{L}*)$/u.exec(token);
  if (!match) return null;
  const value = Number(match[2]) * (match[1] === "-" ? -1 : 1);
  const suffix = match[3]!;
  if (suffix === "") return { value };
  if (lex.weights.points.has(suffix)) return { value, unit: "points" };
  const days = unitDays(lex, suffix);
  if (days !== undefined) return { value, unit: "days", days: value * days };
  if (suffix === "x") return { value, unit: "times" };
  return null;
}

/** Words with punctuation that carries no meaning removed; "?" noted as a question. */
function tokenise(text: string): { tokens: Token[]; question: boolean } {
  const question = text.includes("?");
  const cleaned = withoutInnerApostrophes(text.normalize("NFC"))
    // Phones and chat editors turn "-" into typographic dashes and minus signs.
    .replace(/[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/g, "-")
    .replace(/[“”„«»"‘’`…]/g, " ")
    .replace(/'/g, "")
    .replace(/=/g, " = ")
    .replace(/[?!,;:()[\]{}]/g, " ")
    .replace(/\.(?=\s|$)/g, " ");
  const tokens: Token[] = [];
  const push = (raw: string) => {
    const key = foldForm(raw);
    if (key) tokens.push({ key, shown: displayForm(raw) });
  };
  for (const raw of cleaned.split(/\s+/).filter(Boolean)) {
    // Split words on _ and -, but keep "-15" and "+20" whole.
    if (/^[+-]?\d/.test(raw) || raw === "-" || raw === "+") push(raw);
    else raw.split(/[_-]+/).filter(Boolean).forEach(push);
  }
  return { tokens, question };
}

/** Strips "what if …" / "… what would happen" (in the lexicon's words) and says whether it was there. */
function readWhatIf(tokens: Token[], lex: Lexicon): { tokens: Token[]; whatIf: boolean } {
  const keys = tokens.map((t) => t.key);
  let start = 0;
  let end = tokens.length;
  let whatIf = false;
  const lead = lex.weights.whatIfLeads.at(keys, 0) ?? (lex.weights.openers.has(keys[0] ?? "") ? lex.weights.whatIfLeads.at(keys, 1) : null);
  if (lead) {
    const skip = lex.weights.whatIfLeads.at(keys, 0) ? 0 : 1;
    // Only with something after it: "what if" alone asks nothing.
    if (skip + lead.length < end) [start, whatIf] = [skip + lead.length, true];
  }
  for (const tail of lex.weights.whatIfTails) {
    if (end - start > tail.length && tail.every((w, k) => keys[end - tail.length + k] === w)) {
      [end, whatIf] = [end - tail.length, true];
      break;
    }
  }
  return { tokens: tokens.slice(start, end), whatIf };
}

function tierOf(config: ScoringConfig, word: string, lex: Lexicon): string | undefined {
  const named = config.tiers.find((t) => t.key === word || foldForm(t.label) === word)?.key;
  if (named) return named;
  const known = lex.tiers.whole([word]);
  return known && config.tiers.some((t) => t.key === known) ? known : undefined;
}

/** "hot threshold 70", "make hot 70 and warm 40", "hot=70", "гарячий від 70": tier and number pairs, or null. */
function readThresholds(tokens: Token[], config: ScoringConfig, lex: Lexicon): Record<string, number> | null {
  if (!tokens.some((t) => tierOf(config, t.key, lex))) return null;
  const values: Record<string, number> = {};
  let tier: string | undefined;
  let waiting: number | undefined;
  for (const { key: token } of tokens) {
    const key = tierOf(config, token, lex);
    const number = readNumber(token, lex);
    if (key) {
      if (key in values) return null;
      if (waiting !== undefined) [values[key], waiting, tier] = [waiting, undefined, undefined];
      else tier = key;
    } else if (number && (number.unit === undefined || number.unit === "points")) {
      if (tier) [values[tier], tier] = [number.value, undefined];
      else if (waiting === undefined) waiting = number.value;
      else return null;
    } else if (!lex.weights.thresholds.has(token) && !lex.weights.points.has(token) && !(token === "-" && !lex.weights.loneDashIsMinus)) {
      return null;
    }
  }
  if (tier || waiting !== undefined || Object.keys(values).length === 0) return null;
  return values;
}

interface Values {
  points: number[];
  delta?: number;
  validityDays?: number | null;
  maxCount?: number | null;
  /** A "valid"/"max"/"by" that never got its number. */
  dangling?: "validity" | "max" | "delta";
  /** Words left for the rule's name. */
  rest: Token[];
}

type PhraseKind = "forever" | "noMax" | "validity" | "max";

/** The longest of the lexicon's multi-word markers at `i`: "never expires", "не більше", "bez limitu", "cel mult". */
function markerAt(keys: string[], i: number, lex: Lexicon): { kind: PhraseKind; length: number } | null {
  let best: { kind: PhraseKind; length: number } | null = null;
  const tables: Array<[PhraseKind, Lexicon["weights"]["forever"]]> = [
    ["forever", lex.weights.forever],
    ["noMax", lex.weights.noMax],
    ["validity", lex.weights.validity],
    ["max", lex.weights.max],
  ];
  for (const [kind, table] of tables) {
    const hit = table.at(keys, i);
    if (hit && (!best || hit.length > best.length)) best = { kind, length: hit.length };
  }
  return best;
}

/** Takes the numbers and what they mean out of the words; what is left names the rule. */
function readValues(tokens: Token[], lex: Lexicon): Values {
  const w = lex.weights;
  const keys = tokens.map((t) => t.key);
  const values: Values = { points: [], rest: [] };
  let waiting: "validity" | "max" | "delta" | undefined;
  let direction = 1;
  let verb = false;
  let sign = 0;
  for (let i = 0; i < keys.length; i++) {
    const token = keys[i]!;
    // The word after this one, looking past "=" so "max=none" reads like "max none".
    const after = (at: number) => (keys[at] === "=" ? at + 1 : at);
    // Multi-word phrases first: they decide what the next number means.
    const marker = markerAt(keys, i, lex);
    if (marker) {
      const nextAt = after(i + marker.length);
      const next = keys[nextAt];
      i += marker.length - 1;
      if (marker.kind === "forever") [values.validityDays, waiting] = [null, undefined];
      else if (marker.kind === "noMax") values.maxCount = null;
      else if (marker.kind === "validity" && next !== undefined && w.validityNone.has(next)) [values.validityDays, i] = [null, nextAt];
      else if (marker.kind === "max" && next !== undefined && w.noLimit.has(next)) [values.maxCount, i] = [null, nextAt];
      else waiting = marker.kind;
      continue;
    }
    const next = keys[after(i + 1)];
    if (w.raise.has(token) || w.lower.has(token)) {
      direction = w.lower.has(token) ? -1 : 1;
      verb = true;
      continue;
    }
    const signWord = (word: string) => word === "-" || word === "+" || w.minus.has(word) || w.plus.has(word);
    if (w.by.has(token) && (verb || (w.byWithoutVerb && next !== undefined && (readNumber(next, lex) || signWord(next))))) {
      waiting = "delta";
      continue;
    }
    if (token === "-" && !w.loneDashIsMinus) continue;
    if (w.minus.has(token) || token === "-") {
      sign = -1;
      continue;
    }
    if (w.plus.has(token) || token === "+") {
      sign = 1;
      continue;
    }
    const number = readNumber(token, lex);
    if (number) {
      const value = sign === 0 ? number.value : sign * Math.abs(number.value);
      sign = 0;
      let unit = number.unit;
      let days = number.days;
      if (unit === undefined && next !== undefined) {
        const nextAt = after(i + 1);
        // "45 de zile": a glue word between the number and its unit.
        const glued = lex.glue.has(next) && keys[nextAt + 1] !== undefined && unitDays(lex, keys[nextAt + 1]!) !== undefined;
        const unitWord = glued ? keys[nextAt + 1]! : next;
        // A lone "m" after a number is no month: "m" alone means too many things.
        const nextDays = unitWord === "m" ? undefined : unitDays(lex, unitWord);
        if (nextDays !== undefined) [unit, days] = ["days", value * nextDays];
        else if (w.points.has(unitWord)) unit = "points";
        else if (w.times.has(unitWord)) unit = "times";
        if (unit) i += glued ? 2 : 1;
      }
      if (unit === "days" || (waiting === "validity" && unit === undefined)) {
        values.validityDays = days ?? value;
      } else if (unit === "times" || (waiting === "max" && unit === undefined)) {
        values.maxCount = value;
      } else if (waiting === "delta") {
        values.delta = direction * value;
      } else {
        values.points.push(value);
      }
      waiting = undefined;
      continue;
    }
    if (waiting && w.links.has(token)) continue;
    values.rest.push(tokens[i]!);
  }
  if (waiting) values.dangling = waiting;
  return values;
}

/** The strict command that does the same as an edit, for buttons: `/weights demo_request 50 valid=60d`. */
export function strictCommand(edit: PhraseEdit, options: { whatIf?: boolean } = {}): string {
  const prefix = options.whatIf ? "/weights what if " : "/weights ";
  switch (edit.kind) {
    case "set": {
      const parts = [edit.key];
      if (edit.points !== undefined) parts.push(String(edit.points));
      if (edit.validityDays !== undefined) parts.push(`valid=${edit.validityDays === null ? "none" : `${edit.validityDays}d`}`);
      if (edit.maxCount !== undefined) parts.push(`max=${edit.maxCount === null ? "none" : edit.maxCount}`);
      return prefix + parts.join(" ");
    }
    case "thresholds":
      return `${prefix}thresholds ${Object.entries(edit.values)
        .map(([tier, min]) => `${tier}=${min}`)
        .join(" ")}`;
  }
}

function setEdit(rule: Rule, values: Values, points: number | undefined): SetEdit {
  const edit: SetEdit = { kind: "set", key: rule.key };
  if (points !== undefined) edit.points = points;
  else if (values.delta !== undefined) edit.points = rule.points + values.delta;
  if (values.validityDays !== undefined) edit.validityDays = values.validityDays;
  if (values.maxCount !== undefined) edit.maxCount = values.maxCount;
  return edit;
}

const unclear = (problem: PhraseProblem, rule?: Rule): PhraseReading => (rule ? { kind: "unclear", problem, rule } : { kind: "unclear", problem });

/** The words read with one vocabulary. */
function readWith(all: Token[], question: boolean, config: ScoringConfig, lex: Lexicon): PhraseReading {
  const { tokens, whatIf: lead } = readWhatIf(all, lex);
  const whatIf = lead || question;
  if (tokens.length === 0) return unclear({ kind: "empty" });
  const reserved = tokens.find((t) => RESERVED.has(t.key));
  if (reserved) return unclear({ kind: "reserved", word: reserved.shown });

  const thresholds = readThresholds(tokens, config, lex);
  if (thresholds) return { kind: "edit", edit: { kind: "thresholds", values: thresholds }, whatIf };

  const values = readValues(tokens, lex);
  const typed = values.rest
    .filter((t) => !isFiller(lex, t.key, t.key))
    .map((t) => t.shown)
    .join(" ");
  const match: RuleMatch = typed ? matchWith(config.rules, typed, lex) : { kind: "none" };

  if (match.kind === "none") return unclear(typed ? { kind: "no_rule", typed } : { kind: "no_rule_named" });
  if (values.points.length > 1) return unclear({ kind: "several_numbers", numbers: values.points });
  if (values.points.length === 1 && values.delta !== undefined) return unclear({ kind: "points_and_delta" });
  const [points] = values.points;
  const changes = points !== undefined || values.delta !== undefined || values.validityDays !== undefined || values.maxCount !== undefined;
  if (match.kind === "several") {
    if (!changes) return unclear({ kind: "which_rule", typed, rules: match.rules });
    return { kind: "ambiguous", typed, whatIf, choices: match.rules.slice(0, 6).map((rule) => ({ rule, edit: setEdit(rule, values, points) })) };
  }
  const rule = match.rule;
  if (values.dangling === "validity") return unclear({ kind: "how_long", rule }, rule);
  if (values.dangling === "max") return unclear({ kind: "how_many_times", rule }, rule);
  if (values.dangling === "delta") return unclear({ kind: "by_how_much", rule }, rule);
  if (!changes) return unclear({ kind: "how_many_points", rule }, rule);
  return { kind: "edit", edit: setEdit(rule, values, points), whatIf };
}

/** How far a reading got: an edit or a question beats knowing the rule, which beats nothing. */
function progress(reading: PhraseReading): number {
  if (reading.kind !== "unclear") return 2;
  return reading.rule || reading.problem.kind === "which_rule" ? 1 : 0;
}

/** Of two readings that got as far, the one that left fewer words it could not place ("no rule like …"). */
const leftOver = (reading: PhraseReading): number =>
  reading.kind === "unclear" && reading.problem.kind === "no_rule" ? reading.problem.typed.split(" ").length : 0;

const better = (a: PhraseReading, b: PhraseReading): boolean =>
  progress(a) > progress(b) || (progress(a) === progress(b) && leftOver(a) < leftOver(b));

/**
 * Interprets the words after `/weights` (as typed, quotes and all) against the team's rules.
 * Returns an edit to preview, a question when several rules fit, or what is unclear.
 */
export function readWeightsPhrase(text: string, config: ScoringConfig, options: LanguageOption = {}): PhraseReading {
  const { tokens, question } = tokenise(text);
  let best: PhraseReading | undefined;
  for (const lex of lexiconsFor(options.language)) {
    const reading = readWith(tokens, question, config, lex);
    if (progress(reading) === 2) return reading;
    // On a tie the earlier language (the reader's, then English) keeps it.
    if (!best || better(reading, best)) best = reading;
  }
  return best!;
}

// ---- English sentences, kept for callers of the first version -----------------------------------

const EXAMPLE = 'e.g. "demo requests 50", "careers page -15", "pricing valid 45 days" or "website visits max 3"';
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/**
 * @deprecated The English sentence for a problem, from before the reading was data; the chat
 * words it in src/views/weights-phrase.view.ts. Goes when test/domain/weights-phrase.test.ts
 * checks problems instead of sentences.
 */
function englishMessage(problem: PhraseProblem): string {
  switch (problem.kind) {
    case "empty":
      return `Which rule, and what should change? ${EXAMPLE}.`;
    case "reserved":
      return `"${problem.word}" is not a rule. For suggested weights from your call outcomes, use /weights suggest.`;
    case "no_rule_named":
      return `Which rule? ${EXAMPLE}. /weights lists them.`;
    case "no_rule":
      return `There is no rule like "${problem.typed}". /weights lists them.`;
    case "several_numbers":
      return `I see several numbers (${problem.numbers.join(", ")}) and don't know which is the points.`;
    case "points_and_delta":
      return `Give either the new points or "by" how much to change them, not both.`;
    case "which_rule":
      return `"${problem.typed}" could be ${problem.rules.map((r) => r.key).join(" or ")}, and how many points? ${EXAMPLE}.`;
    case "how_long":
      return `Valid for how long? e.g. "${problem.rule.key} valid 45 days" or "valid forever".`;
    case "how_many_times":
      return `Count how many at most? e.g. "${problem.rule.key} max 3" or "no max".`;
    case "by_how_much":
      return `Change ${problem.rule.key} by how many points? e.g. "raise ${problem.rule.key} by 10".`;
    case "how_many_points":
      return `How many points for ${problem.rule.label} (${problem.rule.key}, now ${signed(problem.rule.points)})? e.g. "${problem.rule.key} ${problem.rule.points + 10}".`;
  }
}

/** A reading with an English sentence on what is unclear. */
export type WordedPhraseReading = Exclude<PhraseReading, { kind: "unclear" }> | (Extract<PhraseReading, { kind: "unclear" }> & { message: string });

/**
 * @deprecated Use readWeightsPhrase and word the problem in a view. This is readWeightsPhrase
 * with an English sentence added to an unclear reading.
 */
export function interpretWeightsPhrase(text: string, config: ScoringConfig, options: LanguageOption = {}): WordedPhraseReading {
  const reading = readWeightsPhrase(text, config, options);
  return reading.kind === "unclear" ? { ...reading, message: englishMessage(reading.problem) } : reading;
}
