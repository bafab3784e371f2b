/**
 * Values typed in the reader's language: call outcomes ("не відповів", "nie odebrał"), BANT
 * answers ("так", "да", "tak", "da", with a note after), tier names ("гарячі", "gorące"),
 * lead list filters and periods ("2 тижні", "45 de zile", "this week", "цей місяць"). Each
 * parser tries the reader's language and then English, or, with no language given, every
 * vocabulary with English first. Pure; linear in the text.
 */
import type { CurrentPeriod, LeadFilterWord, PeriodUnit, TierKey } from "../i18n/vocabulary/types.js";
import { foldedWords, foldForm } from "./text-forms.js";
import type { StatsPeriod } from "./team-stats.js";
import type { Answer, CallOutcome } from "./types.js";
import { lexiconsFor, type LanguageOption, type Lexicon, type PhraseTable } from "./words.js";

/** The longest phrase of any of the lexicons at `start`; on equal length the earlier lexicon wins. */
function longestAt<T>(lexicons: Lexicon[], pick: (l: Lexicon) => PhraseTable<T>, words: readonly string[], start: number, end?: number) {
  let best: { value: T; length: number } | null = null;
  for (const lexicon of lexicons) {
    const hit = pick(lexicon).at(words, start, end);
    if (hit && (!best || hit.length > best.length)) best = hit;
  }
  return best;
}

function wholeIn<T>(lexicons: Lexicon[], pick: (l: Lexicon) => PhraseTable<T>, words: readonly string[]): T | null {
  for (const lexicon of lexicons) {
    const value = pick(lexicon).whole(words);
    if (value !== null) return value;
  }
  return null;
}

// ---- call outcomes ---------------------------------------------------------------------------

/** No outcome, answer or filter in any vocabulary is longer than this many words. */
const LONGEST_PHRASE = 6;

export interface OutcomeAt {
  outcome: CallOutcome;
  /** The first of `args` that is the outcome… */
  index: number;
  /** …and how many of them it takes ("не відповів" takes two). */
  count: number;
}

/**
 * Where a call outcome sits among the words after the first (the first is always part of the
 * lead): `/log Acme Logistics не відповів передзвонити` → "не відповів" at 2. The earliest
 * wins, and there the longest phrase.
 */
export function findOutcome(args: readonly string[], options: LanguageOption = {}): OutcomeAt | null {
  const lexicons = lexiconsFor(options.language);
  const words: string[] = [];
  const argOf: number[] = [];
  const firstWordOf: number[] = [];
  args.forEach((arg, i) => {
    firstWordOf[i] = words.length;
    for (const w of foldedWords(arg)) {
      words.push(w);
      argOf.push(i);
    }
  });
  for (let i = 1; i < args.length; i++) {
    const start = firstWordOf[i]!;
    if (argOf[start] !== i) continue;
    // The phrase must take whole words as typed: longest first, ending where an argument ends.
    for (let end = Math.min(words.length, start + LONGEST_PHRASE); end > start; end--) {
      if (end < words.length && argOf[end] === argOf[end - 1]) continue;
      const hit = longestAt(lexicons, (l) => l.outcomes, words, start, end);
      if (hit && hit.length === end - start) return { outcome: hit.value, index: i, count: argOf[end - 1]! - i + 1 };
    }
  }
  return null;
}

/** A whole text that is a call outcome ("won", "угоду закрито"), or null. */
export function readOutcome(text: string, options: LanguageOption = {}): CallOutcome | null {
  return wholeIn(lexiconsFor(options.language), (l) => l.outcomes, foldedWords(text));
}

// ---- BANT answers ----------------------------------------------------------------------------

// Words as typed, with where they are, so the note after the answer keeps its own spelling.
const WORD = /[\p{L}\p{N}'’ʼ`]+|[?+]/gu;
const SEPARATOR = /^\s*[:\-–—,.;]?\s*/;

/**
 * "yes", "Так: CFO погодив", "nie - budżet zamrożony", "nu știu", "?" → the answer and the note
 * after it; null when the text does not start with an answer.
 */
export function readAnswer(text: string, options: LanguageOption = {}): { answer: Answer; note?: string } | null {
  const spans: Array<{ word: string; end: number }> = [];
  let leading = "";
  for (const match of text.matchAll(WORD)) {
    if (spans.length === 0) leading = text.slice(0, match.index);
    spans.push({ word: foldForm(match[0]), end: match.index + match[0].length });
    // No answer is longer than a few words; the rest is the note.
    if (spans.length >= 6) break;
  }
  if (spans.length === 0 || leading.trim() !== "") return null;
  const words = spans.map((s) => s.word);
  const hit = longestAt(lexiconsFor(options.language), (l) => l.answers, words, 0);
  if (!hit) return null;
  const note = text.slice(spans[hit.length - 1]!.end).replace(SEPARATOR, "").trim();
  return note ? { answer: hit.value, note } : { answer: hit.value };
}

// ---- tiers and lead filters ------------------------------------------------------------------

/** "hot", "Гарячі", "gorące", "fierbinti" → the tier, or null. */
export function readTier(text: string, options: LanguageOption = {}): TierKey | null {
  return wholeIn(lexiconsFor(options.language), (l) => l.tiers, foldedWords(text));
}

/** A `/lead list` or `/lead export` filter: a tier, or "mine", "unclaimed", "all" in any form ("мої", "wolne", "toate"). */
export function readLeadFilter(text: string, options: LanguageOption = {}): TierKey | LeadFilterWord | null {
  const words = foldedWords(text);
  const lexicons = lexiconsFor(options.language);
  return wholeIn(lexicons, (l) => l.tiers, words) ?? wholeIn(lexicons, (l) => l.leadFilters, words);
}

/**
 * The filter among typed words ("hot", "мої", "bez właściciela", "ale mele"); a later one
 * replaces an earlier one. `unread` is the first word that is none.
 */
export function readLeadFilterIn(args: readonly string[], options: LanguageOption = {}): { filter?: TierKey | LeadFilterWord; unread?: string } {
  let filter: TierKey | LeadFilterWord | undefined;
  for (let i = 0; i < args.length; ) {
    let taken = 0;
    for (let end = Math.min(args.length, i + LONGEST_PHRASE); end > i && taken === 0; end--) {
      const found = readLeadFilter(args.slice(i, end).join(" "), options);
      if (found) [filter, taken] = [found, end - i];
    }
    if (taken === 0) return filter ? { filter, unread: args[i]! } : { unread: args[i]! };
    i += taken;
  }
  return filter ? { filter } : {};
}

// ---- periods ---------------------------------------------------------------------------------

export interface Duration {
  amount: number;
  unit: PeriodUnit;
  /** How many of the words it took, counted from the end. */
  count: number;
}

const UNIT_DAYS: Record<PeriodUnit, number> = { hour: 1 / 24, day: 1, week: 7, month: 30, year: 365 };

/** Whole days in a duration (hours round up to a day). */
export const durationDays = (d: Pick<Duration, "amount" | "unit">): number => Math.ceil(d.amount * UNIT_DAYS[d.unit]);

function numberOf(word: string, lexicons: Lexicon[], maxDigits: number): number | null {
  if (new RegExp(`^\\d{1,${maxDigits}}$`).test(word)) return Number(word);
  for (const l of lexicons) {
    const n = l.numbers.get(word);
    if (n !== undefined) return n;
  }
  return null;
}

function unitOf(words: readonly string[], lexicons: Lexicon[]): PeriodUnit | null {
  return wholeIn(lexicons, (l) => l.units, words);
}

/**
 * A duration at the end of the words: "4h", "2 дні", "1 tydzień", "45 de zile", "два тижні".
 * `units` limits which units count; `maxDigits` how long the number may be.
 */
export function readDuration(
  args: readonly string[],
  options: LanguageOption & { units?: readonly PeriodUnit[]; maxDigits?: number } = {},
): Duration | null {
  const lexicons = lexiconsFor(options.language);
  const maxDigits = options.maxDigits ?? 3;
  const allowed = (unit: PeriodUnit | null): unit is PeriodUnit => unit !== null && (!options.units || options.units.includes(unit));
  const last = args.length > 0 ? foldedWords(args[args.length - 1]!) : [];
  // "4h", "2дні", "45d": the number and the unit in one word.
  if (last.length === 1) {
    const joined = new RegExp(`^(\\d{1,${maxDigits}})(\\p{L}+)$`, "u").exec(last[0]!);
    const unit = joined ? unitOf([joined[2]!], lexicons) : null;
    if (joined && allowed(unit)) return { amount: Number(joined[1]), unit, count: 1 };
  }
  // "2 дні", "45 de zile", "6 тижнів": a number, maybe a glue word, and the unit as separate words.
  for (const count of [2, 3]) {
    if (args.length < count) break;
    const words = args.slice(-count).flatMap(foldedWords);
    if (words.length !== count) continue;
    const amount = numberOf(words[0]!, lexicons, maxDigits);
    const glued = count === 3 && lexicons.some((l) => l.glue.has(words[1]!));
    if (amount === null || (count === 3 && !glued)) continue;
    const unit = unitOf(words.slice(count - 1), lexicons);
    if (allowed(unit)) return { amount, unit, count };
  }
  return null;
}

/**
 * A `/team stats` period in words: "7d", "7 днів", "останні 30 днів", "week", "цей тиждень",
 * "w tym miesiącu", "trimestrul curent", "3 місяці" (90 days). Null when it is none of them.
 */
export function readStatsPeriod(args: readonly string[], options: LanguageOption = {}): StatsPeriod | null {
  const lexicons = lexiconsFor(options.language);
  const words = args.flatMap(foldedWords).filter((w, i, all) => !(i < all.length - 1 && lexicons.some((l) => l.periodFiller.has(w))));
  if (words.length === 0) return null;
  const current: CurrentPeriod | null = wholeIn(lexicons, (l) => l.current, words);
  if (current) return current;
  const duration = readDuration(words, { ...options, units: ["day", "week", "month"] });
  if (!duration || duration.count !== words.length) return null;
  const days = durationDays(duration);
  return days === 7 ? "7d" : days === 30 ? "30d" : days === 90 ? "90d" : null;
}
