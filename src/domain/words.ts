/**
 * The vocabularies (src/i18n/vocabulary) made ready to look words up in: every entry folded the
 * way typed words are (src/domain/text-forms.ts) and phrases indexed by their first word, once
 * per vocabulary. Pure: a vocabulary is plain data.
 */
import { VOCABULARIES, VOCABULARY_LANGUAGES, type Vocabulary, type VocabularyLanguage } from "../i18n/vocabulary/index.js";
import type { CurrentPeriod, LeadFilterWord, PeriodUnit, TierKey } from "../i18n/vocabulary/types.js";
import { foldedWords } from "./text-forms.js";
import type { Answer, CallOutcome } from "./types.js";

export type { VocabularyLanguage } from "../i18n/vocabulary/index.js";

/** Phrases (sequences of folded words) → a value; finds the longest one starting at a word. */
export class PhraseTable<T> {
  private readonly byFirst = new Map<string, Array<{ words: string[]; value: T }>>();

  constructor(entries: Iterable<[phrase: string, value: T]> = []) {
    for (const [phrase, value] of entries) this.add(phrase, value);
  }

  add(phrase: string, value: T): void {
    const words = foldedWords(phrase);
    const first = words[0];
    if (first === undefined) return;
    const list = this.byFirst.get(first) ?? [];
    list.push({ words, value });
    list.sort((a, b) => b.words.length - a.words.length);
    this.byFirst.set(first, list);
  }

  /** The longest phrase that starts at `words[start]` (ending by `end`, exclusive), or null. */
  at(words: readonly string[], start: number, end = words.length): { value: T; length: number } | null {
    const first = words[start];
    if (first === undefined) return null;
    for (const entry of this.byFirst.get(first) ?? []) {
      if (start + entry.words.length > end) continue;
      if (entry.words.every((w, k) => words[start + k] === w)) return { value: entry.value, length: entry.words.length };
    }
    return null;
  }

  /** The value when the words are exactly one phrase. */
  whole(words: readonly string[]): T | null {
    const hit = this.at(words, 0);
    return hit && hit.length === words.length ? hit.value : null;
  }
}

const foldSet = (list: readonly string[]): Set<string> => new Set(list.flatMap(foldedWords));
const table = <K extends string>(record: Record<K, readonly string[]>): PhraseTable<K> =>
  new PhraseTable(Object.entries<readonly string[]>(record).flatMap(([key, phrases]) => phrases.map((p): [string, K] => [p, key as K])));
const flag = (list: readonly string[]): PhraseTable<true> => new PhraseTable(list.map((p): [string, true] => [p, true]));

/** One vocabulary, folded and indexed. */
export interface Lexicon {
  vocabulary: Vocabulary;
  language: VocabularyLanguage;
  stem: (word: string) => string;
  negativePrefixes: string[];
  outcomes: PhraseTable<CallOutcome>;
  answers: PhraseTable<Answer>;
  tiers: PhraseTable<TierKey>;
  leadFilters: PhraseTable<LeadFilterWord>;
  units: PhraseTable<PeriodUnit>;
  current: PhraseTable<CurrentPeriod>;
  periodFiller: Set<string>;
  glue: Set<string>;
  numbers: Map<string, number>;
  weights: {
    filler: Set<string>;
    negations: Set<string>;
    points: Set<string>;
    times: Set<string>;
    validity: PhraseTable<true>;
    validityNone: Set<string>;
    forever: PhraseTable<true>;
    max: PhraseTable<true>;
    noLimit: Set<string>;
    noMax: PhraseTable<true>;
    raise: Set<string>;
    lower: Set<string>;
    by: Set<string>;
    byWithoutVerb: boolean;
    minus: Set<string>;
    plus: Set<string>;
    loneDashIsMinus: boolean;
    links: Set<string>;
    openers: Set<string>;
    whatIfLeads: PhraseTable<true>;
    whatIfTails: string[][];
    thresholds: Set<string>;
  };
}

function compile(v: Vocabulary): Lexicon {
  const w = v.weights;
  // Rule keys are English ("not_interested") in every language: their negations count everywhere.
  const english = VOCABULARIES.en;
  return {
    vocabulary: v,
    language: v.language,
    stem: v.stem,
    negativePrefixes: [...new Set([...v.negativePrefixes, ...english.negativePrefixes])],
    outcomes: table(v.outcomes),
    answers: table(v.answers),
    tiers: table(v.tiers),
    leadFilters: table(v.leadFilters),
    units: table(v.periods.units),
    current: table(v.periods.current),
    periodFiller: foldSet(v.periods.filler),
    glue: foldSet(v.periods.glue),
    numbers: new Map(Object.entries(v.numbers).flatMap(([word, n]) => foldedWords(word).map((f) => [f, n] as const))),
    weights: {
      filler: foldSet(w.filler),
      negations: foldSet([...w.negations, ...english.weights.negations]),
      points: foldSet(w.points),
      times: foldSet(w.times),
      validity: flag(w.validity),
      validityNone: foldSet(w.validityNone),
      forever: flag(w.forever),
      max: flag(w.max),
      noLimit: foldSet(w.noLimit),
      noMax: flag(w.noMax),
      raise: foldSet(w.raise),
      lower: foldSet(w.lower),
      by: foldSet(w.by),
      byWithoutVerb: w.byWithoutVerb,
      minus: foldSet(w.minus),
      plus: foldSet(w.plus),
      loneDashIsMinus: w.loneDashIsMinus,
      links: foldSet(w.links),
      openers: foldSet(w.whatIf.openers),
      whatIfLeads: flag(w.whatIf.leads),
      whatIfTails: w.whatIf.tails.map(foldedWords).sort((a, b) => b.length - a.length),
      thresholds: foldSet(w.thresholds),
    },
  };
}

const compiled = new WeakMap<Vocabulary, Lexicon>();

/** A vocabulary ready for look-ups (compiled once). */
export function lexicon(vocabulary: Vocabulary): Lexicon {
  let found = compiled.get(vocabulary);
  if (!found) {
    found = compile(vocabulary);
    compiled.set(vocabulary, found);
  }
  return found;
}

/**
 * Which vocabularies to read words with, in order: the reader's language and then English, or,
 * when the language is not known, every registered one, English first.
 */
export function lexiconsFor(language?: VocabularyLanguage): Lexicon[] {
  const order: VocabularyLanguage[] = language ? (language === "en" ? ["en"] : [language, "en"]) : [...VOCABULARY_LANGUAGES];
  return order.map((code) => lexicon(VOCABULARIES[code]));
}

/** Options every word parser takes: the reader's language, when known. */
export interface LanguageOption {
  language?: VocabularyLanguage;
}
