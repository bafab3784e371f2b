/**
 * The words people type, per language: what the parsers understand (rule names for `/weights`
 * in plain words, call outcomes, BANT answers, tier names, periods), never what the bot says
 * (that is the message catalogs' job). One file per language, each of this one shape, so a
 * missing entry is a compile error.
 *
 * How the entries are compared with what was typed (src/domain/words.ts): lower case, Unicode
 * NFC, diacritics and apostrophes dropped on both sides ("pagina de preturi" is "pagina de
 * prețuri", "cennik wazny" is "cennik ważny", "п’ять" is "п'ять", "теплый" is "тёплый"), and a
 * word mixing Cyrillic and Latin lookalikes read in its main script. So an entry is written
 * once, correctly spelt; its diacritics-free form need not be listed.
 */
import type { Answer, CallOutcome } from "../../domain/types.js";

/** Languages with a vocabulary; the order is the order they are tried in when none is given. */
export const VOCABULARY_LANGUAGES = ["en", "uk", "ru", "pl", "ro"] as const;
export type VocabularyLanguage = (typeof VOCABULARY_LANGUAGES)[number];

/** The keys of the default rule set (src/domain/default-rules.ts); a test keeps the two equal. */
export const DEFAULT_RULE_KEYS = [
  "website_visit",
  "pricing_page",
  "guide_download",
  "newsletter_signup",
  "email_click",
  "webinar_attended",
  "quote_request",
  "demo_request",
  "purchase",
  "careers_page",
  "complaint_unjustified",
  "no_response_to_offer",
  "title_consultant",
  "bant_budget",
  "bant_authority",
  "bant_need",
  "bant_timing",
  "champ_challenges",
  "champ_authority",
  "champ_money",
  "champ_prioritization",
  "meeting_booked",
  "not_interested",
  "buying_cycle",
] as const;
export type DefaultRuleKey = (typeof DEFAULT_RULE_KEYS)[number];

export type TierKey = "hot" | "warm" | "cold";
export type LeadFilterWord = "mine" | "unclaimed" | "all";
export type PeriodUnit = "hour" | "day" | "week" | "month" | "year";
/** The calendar period so far, as /team stats counts it. */
export type CurrentPeriod = "week" | "month" | "quarter";

export interface RuleWords {
  /**
   * What the rule is called, as a label would say it. Matched loosely: a word may be shortened
   * ("демо" for "демонстрація"), inflected or mistyped, and a few words of a label are enough.
   */
  labels: string[];
  /**
   * Other names for it, each matched whole (every word of it typed, in any form): "запит на
   * демо", "cennik", "pagina de prețuri". The same name under two rules makes the bot ask back.
   */
  synonyms: string[];
}

/** The words `/weights` in plain words reads, besides rule names and numbers. Phrases are space-separated. */
export interface WeightsWords {
  /** Words that only hold a sentence together ("make", "зроби", "ustaw", "setează"); dropped from rule names. */
  filler: string[];
  /** A name holding one of these must have it typed too: "interested" is not "not interested". */
  negations: string[];
  /** After a number: it is points ("50 балів", "50 punktów"). */
  points: string[];
  /** After a number: it is a count ("3 рази", "3 razy"). */
  times: string[];
  /** The next number (with or without a period unit) is how long points stay valid. */
  validity: string[];
  /** Right after a validity word: valid forever ("valid none"). */
  validityNone: string[];
  /** Points never expire: "forever", "назавжди", "na zawsze", "nu expiră". */
  forever: string[];
  /** The next number is a cap ("max", "не більше", "co najwyżej"). */
  max: string[];
  /** Right after a cap word: no cap ("max none"). */
  noLimit: string[];
  /** No cap at all: "no max", "без ліміту", "bez limitu", "fără limită". */
  noMax: string[];
  /** Verbs that make "by N" a change: "raise", "підніми", "podnieś", "crește". */
  raise: string[];
  lower: string[];
  /** "by" in "raise demo by 10": "на", "o", "cu". */
  by: string[];
  /** Whether "by N" is a change even without a raise/lower verb ("demo by 10"); Slavic "на" is not. */
  byWithoutVerb: boolean;
  minus: string[];
  plus: string[];
  /**
   * Whether a dash standing alone before a number is a minus ("careers page – 15"). Where a
   * dash is how a sentence says "is" ("демо — 50 балів", "demo – 50 punktów"), it is not, and
   * a minus is written against the number ("-15") or as a word.
   */
  loneDashIsMinus: boolean;
  /** Words that may sit between a validity or cap word and its number ("for", "протягом", "przez"). */
  links: string[];
  whatIf: {
    /** Words that may come before a what-if ("so", "а", "no", "și"). */
    openers: string[];
    /** A hypothetical starts with one of these: "what if", "а що якщо", "co jeśli", "ce-ar fi dacă". */
    leads: string[];
    /** …or ends with one: "what would happen", "що буде", "co wtedy". */
    tails: string[];
  };
  /** Words a threshold phrase may hold besides tier names and numbers ("threshold", "поріг", "від", "próg"). */
  thresholds: string[];
}

export interface Vocabulary {
  language: VocabularyLanguage;
  /** A word's stem: names and typed words are compared without their endings. Pure. */
  stem: (word: string) => string;
  /** Prefixes that negate a word ("un", "не", "nie", "ne"): a word with one is no typo of a word without. */
  negativePrefixes: string[];
  rules: Record<DefaultRuleKey, RuleWords>;
  outcomes: Record<CallOutcome, string[]>;
  /** BANT/CHAMP answers; a note may follow ("так: CFO погодив", "nie - budżet zamrożony"). */
  answers: Record<Answer, string[]>;
  tiers: Record<TierKey, string[]>;
  /** The other `/lead list` and `/lead export` filters. */
  leadFilters: Record<LeadFilterWord, string[]>;
  periods: {
    units: Record<PeriodUnit, string[]>;
    /** Words between a number and its unit ("45 de zile"). */
    glue: string[];
    current: Record<CurrentPeriod, string[]>;
    /** Words around a period that change nothing ("last", "останні", "ostatnie", "ultimele"). */
    filler: string[];
  };
  /** Numbers as words ("fifty", "п'ятдесят", "pięćdziesiąt", "cincizeci"). */
  numbers: Record<string, number>;
  weights: WeightsWords;
}
