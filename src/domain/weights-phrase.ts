import { distance } from "fastest-levenshtein";
import type { ScoringEdit } from "./edits.js";
import type { Rule, ScoringConfig } from "./types.js";

/**
 * Reads what a manager typed after `/weights` in their own words ("make demo requests worth
 * 50", "careers page -15", "what if quote requests were 40?") as a scoring edit. Pure: it only
 * looks at the text and the team's current rules. It never guesses: a rule name that fits
 * several rules comes back as a question, and anything it cannot place comes back unclear.
 */

type SetEdit = Extract<ScoringEdit, { kind: "set" }>;

/** The edits a phrase can ask for; each has a strict form to put on a button. */
export type PhraseEdit = Extract<ScoringEdit, { kind: "set" | "thresholds" }>;

export type PhraseReading =
  /** `whatIf`: the manager asked a hypothetical; show the effect, store nothing. */
  | { kind: "edit"; edit: PhraseEdit; whatIf: boolean }
  /** Several rules fit the words about equally well: ask back with one choice per rule. */
  | { kind: "ambiguous"; typed: string; whatIf: boolean; choices: Array<{ rule: Rule; edit: SetEdit }> }
  /** Not understood. `rule` is set when the rule was clear but what to change was not. */
  | { kind: "unclear"; message: string; rule?: Rule };

export type RuleMatch = { kind: "one"; rule: Rule } | { kind: "several"; rules: Rule[] } | { kind: "none" };

/**
 * Other names people use for the default rules. A phrase may sit under several rules on
 * purpose ("email"): then it asks back instead of picking one.
 */
const SYNONYMS: Record<string, string[]> = {
  website_visit: ["visit", "site visit", "web visit", "page visit", "web page visit", "page view", "pageview", "view", "website", "site"],
  pricing_page: ["pricing", "price", "price page", "prices page", "pricing view"],
  guide_download: ["download", "guide", "whitepaper", "white paper", "ebook", "e-book", "pdf", "content download"],
  newsletter_signup: ["newsletter", "subscribe", "subscription", "signup", "sign up", "email signup", "email"],
  email_click: ["click", "email click", "link click", "mail click", "email", "email link"],
  webinar_attended: ["webinar", "webinar attendance", "attended webinar", "webinar visit"],
  quote_request: ["quote", "rfq", "quote ask", "request for quote", "request a quote"],
  demo_request: ["demo", "demo ask", "request a demo", "demo booking"],
  purchase: ["order", "buy", "bought", "sale", "purchased"],
  careers_page: ["career", "job page", "jobs page", "job seeker", "jobs", "job"],
  complaint_unjustified: ["complaint", "unjustified complaint", "bad complaint"],
  no_response_to_offer: ["no response", "no reply", "ignored offer", "unanswered offer", "ghosted", "offer ignored"],
  title_consultant: ["consultant", "consultant title", "consultant job title"],
  meeting_booked: ["meeting", "booked meeting", "booking", "meeting set"],
  not_interested: ["uninterested", "no interest", "not interest"],
  buying_cycle: ["cycle", "rebuy", "repeat purchase", "due to buy", "buy again", "reorder"],
  bant_budget: ["budget"],
  bant_authority: ["authority", "decision maker"],
  bant_need: ["need"],
  bant_timing: ["timing", "timeline"],
  champ_challenges: ["challenge"],
  champ_authority: ["authority", "decision maker"],
  champ_money: ["money"],
  champ_prioritization: ["prioritization", "prioritisation", "priority"],
};

/** A table entry by a typed word; "constructor" and friends are not entries. */
const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** Words that only hold a sentence together; dropped from rule names on both sides. */
const FILLER = new Set(
  (
    "the a an of for to at as on in per each every is are be was were been being = make made set change changed update give gave " +
    "put let lets have has score scoring rule rules weight weighting worth points point pts pt please pls now should could would " +
    "will we i you it its count counted counting only times time and so then instead value new them that this with hey ok okay"
  ).split(" "),
);

const NEGATIONS = new Set(["no", "not", "non", "never", "without"]);

/** Never a rule name: `/weights suggest` is its own command (calibration). */
const RESERVED = new Set(["suggest", "suggests", "suggestion", "suggestions", "calibrate", "calibration"]);

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90, hundred: 100,
};

const DAY_UNITS: Record<string, number> = {
  d: 1, day: 1, days: 1, w: 7, wk: 7, wks: 7, week: 7, weeks: 7, m: 30, mo: 30, month: 30, months: 30, y: 365, yr: 365, year: 365, years: 365,
};
const POINT_UNITS = new Set(["p", "pt", "pts", "point", "points"]);
const TIMES_UNITS = new Set(["times", "time", "x"]);
const VALIDITY_WORDS = new Set(["valid", "validity", "expire", "expires", "expiry", "expiring", "expiration", "lasts", "lasting"]);
const MAX_WORDS = new Set(["max", "maximum", "cap", "capped", "limit", "limited"]);
const RAISE_WORDS = new Set(["raise", "increase", "bump", "boost", "up"]);
const LOWER_WORDS = new Set(["lower", "reduce", "decrease", "cut", "drop"]);
const NO_LIMIT_WORDS = new Set(["unlimited", "uncapped", "none", "off", "no"]);
/** Words that keep a "valid"/"max" keyword waiting for its number: "valid for 45 days", "max of 3". */
const LINKS = new Set(["for", "after", "in", "to", "at", "of", "=", "is", "be", "within"]);
const THRESHOLD_WORDS = new Set(
  (
    "threshold thresholds tier tiers lead leads score scores at to from is be = and make set change move raise lower put the a min " +
    "minimum starts start begins begin above over point points pts should were was would it for of what if we i"
  ).split(" "),
);

/** Singular, lower-case, "-ed" dropped: "Requests" → "request", "booked" → "book". */
function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length >= 6 && w.endsWith("ed")) w = w.slice(0, -2);
  return w;
}

/** Lower-cased words of a name or phrase: spaces, underscores, hyphens and quotes all separate. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[“”„«»"'‘’`()[\]{}.,;:!?]/g, " ")
    .split(/[\s_-]+/)
    .filter(Boolean);
}

/** The stemmed words that carry meaning; a name made only of filler keeps its words. */
function nameTokens(text: string): string[] {
  const all = words(text).map(stem);
  const meaningful = all.filter((w) => !FILLER.has(w));
  return meaningful.length > 0 ? meaningful : all;
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
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/**
 * 1 for the same word, a little less for a prefix or a typo, 0 when it is another word.
 * Prefixes count only against a rule's own key and label: "page" is not short for "pageview".
 */
function wordQuality(typed: string, name: string, prefixes: boolean): number {
  if (typed === name) return 1;
  if (/^\d+$/.test(typed)) return 0;
  if (prefixes && typed.length >= 3 && name.startsWith(typed)) return 0.9;
  // A word ending the way words end ("clicking" for "click"), not a different word ("linkedin" for "link").
  if (prefixes && name.length >= 4 && typed.startsWith(name) && typed.length - name.length <= 3) return 0.85;
  // "interested" is no typo of "uninterested": a negating prefix changes the meaning.
  if (/^(un|non)/.test(typed) !== /^(un|non)/.test(name)) return 0;
  const shorter = Math.min(typed.length, name.length);
  // Swapped neighbours ("qoute", "dmeo") are one slip of the fingers, though Levenshtein counts two.
  if (shorter >= 4 && swapsNeighbours(typed, name)) return 0.85;
  const d = distance(typed, name);
  return d <= typoLimit(shorter) ? 0.85 - 0.1 * (d - 1) : 0;
}

/**
 * How well typed words fit one name of a rule: every typed word must find its own word in
 * the name. `whole` names (synonyms) must also be used up completely, so "page" alone does
 * not pull in "page view".
 */
function nameScore(typed: string[], name: string[], whole: boolean): number {
  const used = new Set<number>();
  let total = 0;
  for (const t of typed) {
    let best = 0;
    let bestIndex = -1;
    name.forEach((n, i) => {
      if (used.has(i)) return;
      const q = wordQuality(t, n, !whole);
      if (q > best) [best, bestIndex] = [q, i];
    });
    if (bestIndex === -1) return 0;
    used.add(bestIndex);
    total += best;
  }
  if (whole && used.size < name.length) return 0;
  // "interested" must not find "not interested": a negation in the name has to be typed too.
  if (name.some((n, i) => NEGATIONS.has(n) && !used.has(i))) return 0;
  // Covering more of the name breaks ties: "demo request" fits demo_request better than "demo".
  return total / typed.length + (0.1 * used.size) / name.length;
}

interface NamedRule {
  rule: Rule;
  partial: string[][];
  whole: string[][];
}

function namesOf(rule: Rule): NamedRule {
  return {
    rule,
    partial: [nameTokens(rule.key), nameTokens(rule.label)],
    whole: (own(SYNONYMS, rule.key) ?? []).map(nameTokens),
  };
}

/** Scores within this much of the best are too close to call. */
const TIE_MARGIN = 0.05;

/**
 * Finds the rule meant by a name as people type it: key or label, any case, spaces or
 * underscores, singular or plural, a known synonym, or a small typo. Several equally good
 * fits come back as `several`.
 */
export function matchRule(rules: Rule[], typed: string): RuleMatch {
  const phrase = nameTokens(typed);
  if (phrase.length === 0 || phrase.some((w) => RESERVED.has(w))) return { kind: "none" };
  const named = rules.map(namesOf);
  const joined = phrase.join("");
  const exact = named.filter((n) => [...n.partial, ...n.whole].some((name) => name.join("") === joined));
  if (exact.length === 1) return { kind: "one", rule: exact[0]!.rule };
  if (exact.length > 1) return { kind: "several", rules: exact.map((n) => n.rule) };
  const scored = named
    .map((n) => ({
      rule: n.rule,
      score: Math.max(0, ...n.partial.map((name) => nameScore(phrase, name, false)), ...n.whole.map((name) => nameScore(phrase, name, true))),
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return { kind: "none" };
  const close = scored.filter((s) => s.score >= best.score - TIE_MARGIN);
  return close.length === 1 ? { kind: "one", rule: best.rule } : { kind: "several", rules: close.map((s) => s.rule) };
}

/** A number as typed: "50", "+20", "-15" (any dash), "20pts", "45d", "6weeks", "fifty". */
function readNumber(token: string): { value: number; unit?: "days" | "points" | "times"; days?: number } | null {
  const word = own(NUMBER_WORDS, token);
  if (word !== undefined) return { value: word };
  const match = /^([+-]?)(\d{1,4})([a-z]*)$/.exec(token);
  if (!match) return null;
  const value = Number(match[2]) * (match[1] === "-" ? -1 : 1);
  const suffix = match[3]!;
  if (suffix === "") return { value };
  if (POINT_UNITS.has(suffix)) return { value, unit: "points" };
  const unitDays = own(DAY_UNITS, suffix);
  if (unitDays !== undefined) return { value, unit: "days", days: value * unitDays };
  if (suffix === "x") return { value, unit: "times" };
  return null;
}

/** Lower-cased words with punctuation that carries no meaning removed; "?" noted as a question. */
function tokenise(text: string): { tokens: string[]; question: boolean } {
  const question = text.includes("?");
  const cleaned = text
    .toLowerCase()
    // Phones and chat editors turn "-" into typographic dashes and minus signs.
    .replace(/[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/g, "-")
    .replace(/[“”„«»"‘’`]/g, " ")
    .replace(/'/g, "")
    .replace(/=/g, " = ")
    .replace(/[?!,;:()[\]{}]/g, " ")
    .replace(/\.(?=\s|$)/g, " ");
  const tokens: string[] = [];
  for (const raw of cleaned.split(/\s+/).filter(Boolean)) {
    // Split words on _ and -, but keep "-15" and "+20" whole.
    if (/^[+-]?\d/.test(raw)) tokens.push(raw);
    else if (raw === "-" || raw === "+") tokens.push(raw);
    else tokens.push(...raw.split(/[_-]+/).filter(Boolean));
  }
  return { tokens, question };
}

const WHAT_IF_LEAD = /^(?:(?:so|and|ok|okay|hey)\s+)?(?:what\s+(?:if|about|happens\s+if|would\s+happen\s+if|would\s+it\s+(?:look\s+like|do)\s+if|s\s+the\s+effect\s+if|is\s+the\s+effect\s+if|would\s+change\s+if)|whats\s+the\s+effect\s+if|suppose|imagine|hypothetically|whatif|simulate|try)\s+/;
const WHAT_IF_TAIL = /\s+(?:what\s+(?:would\s+happen|happens|then|would\s+change|changes))$/;

/** Strips "what if …" / "… what would happen" and says whether it was there. */
function readWhatIf(tokens: string[]): { tokens: string[]; whatIf: boolean } {
  let text = tokens.join(" ");
  let whatIf = false;
  for (const pattern of [WHAT_IF_LEAD, WHAT_IF_TAIL]) {
    if (pattern.test(text)) {
      whatIf = true;
      text = text.replace(pattern, " ").trim();
    }
  }
  return { tokens: text.split(" ").filter(Boolean), whatIf };
}

function isTierWord(config: ScoringConfig, word: string): string | undefined {
  return config.tiers.find((t) => t.key === word || t.label.toLowerCase() === word)?.key;
}

/** "hot threshold 70", "make hot 70 and warm 40", "hot=70": tier and number pairs, or null. */
function readThresholds(tokens: string[], config: ScoringConfig): Record<string, number> | null {
  if (!tokens.some((t) => isTierWord(config, t))) return null;
  const values: Record<string, number> = {};
  let tier: string | undefined;
  let waiting: number | undefined;
  for (const token of tokens) {
    const key = isTierWord(config, token);
    const number = readNumber(token);
    if (key) {
      if (key in values) return null;
      if (waiting !== undefined) [values[key], waiting, tier] = [waiting, undefined, undefined];
      else tier = key;
    } else if (number && (number.unit === undefined || number.unit === "points")) {
      if (tier) [values[tier], tier] = [number.value, undefined];
      else if (waiting === undefined) waiting = number.value;
      else return null;
    } else if (!THRESHOLD_WORDS.has(token)) {
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
  rest: string[];
}

/** Takes the numbers and what they mean out of the words; what is left names the rule. */
function readValues(tokens: string[]): Values {
  const values: Values = { points: [], rest: [] };
  let waiting: "validity" | "max" | "delta" | undefined;
  let direction = 1;
  let verb = false;
  let sign = 0;
  const at = (i: number, ...expected: string[]) => expected.every((w, k) => tokens[i + k] === w);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    // The word after this one, looking past "=" so "max=none" reads like "max none".
    const nextAt = tokens[i + 1] === "=" ? i + 2 : i + 1;
    const next = tokens[nextAt];
    // Multi-word phrases first: they decide what the next number means.
    if (at(i, "at", "most") || at(i, "up", "to") || at(i, "no", "more", "than") || at(i, "not", "more", "than")) {
      waiting = "max";
      i += token === "at" || token === "up" ? 1 : 2;
      continue;
    }
    if (at(i, "never", "expire") || at(i, "never", "expires") || at(i, "no", "expiry") || at(i, "no", "expiration") || at(i, "doesnt", "expire") || at(i, "dont", "expire")) {
      values.validityDays = null;
      i += 1;
      continue;
    }
    if (token === "forever" || token === "permanent" || token === "permanently") {
      values.validityDays = null;
      waiting = undefined;
      continue;
    }
    if ((token === "no" && next !== undefined && ["max", "limit", "cap", "maximum"].includes(next))) {
      values.maxCount = null;
      i += 1;
      continue;
    }
    if (VALIDITY_WORDS.has(token)) {
      if (next === "none" || next === "never" || next === "off") {
        values.validityDays = null;
        i = nextAt;
      } else waiting = "validity";
      continue;
    }
    if (MAX_WORDS.has(token)) {
      if (next !== undefined && NO_LIMIT_WORDS.has(next)) {
        values.maxCount = null;
        i = nextAt;
      } else waiting = "max";
      continue;
    }
    if (token === "unlimited" || token === "uncapped") {
      values.maxCount = null;
      continue;
    }
    if (RAISE_WORDS.has(token) || LOWER_WORDS.has(token)) {
      direction = LOWER_WORDS.has(token) ? -1 : 1;
      verb = true;
      continue;
    }
    if (token === "by" && (verb || (next !== undefined && (readNumber(next) || ["-", "+", "minus", "plus"].includes(next))))) {
      waiting = "delta";
      continue;
    }
    if (token === "minus" || token === "negative" || token === "neg" || token === "-") {
      sign = -1;
      continue;
    }
    if (token === "plus" || token === "+") {
      sign = 1;
      continue;
    }
    const number = readNumber(token);
    if (number) {
      const value = sign === 0 ? number.value : sign * Math.abs(number.value);
      sign = 0;
      let unit = number.unit;
      let days = number.days;
      if (unit === undefined && next !== undefined) {
        const nextDays = next === "m" ? undefined : own(DAY_UNITS, next);
        if (nextDays !== undefined) [unit, days] = ["days", value * nextDays];
        else if (POINT_UNITS.has(next)) unit = "points";
        else if (TIMES_UNITS.has(next)) unit = "times";
        if (unit) i += 1;
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
    if (waiting && LINKS.has(token)) continue;
    values.rest.push(token);
  }
  if (waiting) values.dangling = waiting;
  return values;
}

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

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

const EXAMPLE = 'e.g. "demo requests 50", "careers page -15", "pricing valid 45 days" or "website visits max 3"';

/**
 * Interprets the words after `/weights` (as typed, quotes and all) against the team's rules.
 * Returns an edit to preview, a question when several rules fit, or why it is unclear.
 */
export function interpretWeightsPhrase(text: string, config: ScoringConfig): PhraseReading {
  const { tokens: all, question } = tokenise(text);
  const { tokens, whatIf: lead } = readWhatIf(all);
  const whatIf = lead || question;
  if (tokens.length === 0) return { kind: "unclear", message: `Which rule, and what should change? ${EXAMPLE}.` };
  const reserved = tokens.find((t) => RESERVED.has(t));
  if (reserved) return { kind: "unclear", message: `"${reserved}" is not a rule. For suggested weights from your call outcomes, use /weights suggest.` };

  const thresholds = readThresholds(tokens, config);
  if (thresholds) return { kind: "edit", edit: { kind: "thresholds", values: thresholds }, whatIf };

  const values = readValues(tokens);
  const typed = values.rest.filter((w) => !FILLER.has(w)).join(" ");
  const match: RuleMatch = typed ? matchRule(config.rules, typed) : { kind: "none" };
  const ruleName = (r: Rule) => `${r.label} (${r.key}, now ${signed(r.points)})`;

  if (match.kind === "none") {
    if (!typed) return { kind: "unclear", message: `Which rule? ${EXAMPLE}. /weights lists them.` };
    return { kind: "unclear", message: `There is no rule like "${typed}". /weights lists them.` };
  }
  if (values.points.length > 1) {
    return { kind: "unclear", message: `I see several numbers (${values.points.join(", ")}) and don't know which is the points.` };
  }
  if (values.points.length === 1 && values.delta !== undefined) {
    return { kind: "unclear", message: `Give either the new points or "by" how much to change them, not both.` };
  }
  const [points] = values.points;
  const changes = points !== undefined || values.delta !== undefined || values.validityDays !== undefined || values.maxCount !== undefined;
  if (match.kind === "several") {
    if (!changes) return { kind: "unclear", message: `"${typed}" could be ${match.rules.map((r) => r.key).join(" or ")}, and how many points? ${EXAMPLE}.` };
    return { kind: "ambiguous", typed, whatIf, choices: match.rules.slice(0, 6).map((rule) => ({ rule, edit: setEdit(rule, values, points) })) };
  }
  const rule = match.rule;
  if (values.dangling === "validity") return { kind: "unclear", rule, message: `Valid for how long? e.g. "${rule.key} valid 45 days" or "valid forever".` };
  if (values.dangling === "max") return { kind: "unclear", rule, message: `Count how many at most? e.g. "${rule.key} max 3" or "no max".` };
  if (values.dangling === "delta") return { kind: "unclear", rule, message: `Change ${rule.key} by how many points? e.g. "raise ${rule.key} by 10".` };
  if (!changes) return { kind: "unclear", rule, message: `How many points for ${ruleName(rule)}? e.g. "${rule.key} ${rule.points + 10}".` };
  return { kind: "edit", edit: setEdit(rule, values, points), whatIf };
}
