/**
 * The languages the bot speaks: one registration line each. Adding a language is one catalog
 * file in ./catalogs and one line here (README, "Languages").
 */
import type { Catalog, Translations } from "./catalog.js";
import { en } from "./catalogs/en.js";
import { pl } from "./catalogs/pl.js";
import { ro } from "./catalogs/ro.js";
import { ru } from "./catalogs/ru.js";
import { uk } from "./catalogs/uk.js";

export interface Language {
  /** What people type (`/team language uk`) and what is stored: an ISO 639-1 code. */
  code: string;
  /** The language's name in itself, as a speaker looks for it in a list. */
  nativeName: string;
  /** Its messages; English is complete by definition, the others translate it. */
  catalog: Catalog | Translations;
  /** The Intl locale its numbers, dates, times and plurals are formatted in. */
  intl: string;
}

export const LANGUAGES = [
  { code: "en", nativeName: "English", catalog: en, intl: "en-GB" },
  { code: "uk", nativeName: "Українська", catalog: uk, intl: "uk-UA" },
  { code: "ru", nativeName: "Русский", catalog: ru, intl: "ru-RU" },
  { code: "pl", nativeName: "Polski", catalog: pl, intl: "pl-PL" },
  { code: "ro", nativeName: "Română", catalog: ro, intl: "ro-RO" },
] as const satisfies readonly Language[];

/** A registered language's code. */
export type LanguageCode = (typeof LANGUAGES)[number]["code"];

export const LANGUAGE_CODES = LANGUAGES.map((l) => l.code) as [LanguageCode, ...LanguageCode[]];

/** The language of a team or person that chose none and whose platform says none we speak. */
export const DEFAULT_LANGUAGE: LanguageCode = "en";

export const isLanguageCode = (value: unknown): value is LanguageCode => typeof value === "string" && (LANGUAGE_CODES as string[]).includes(value);

export function languageInfo(code: LanguageCode): Language {
  return LANGUAGES.find((l) => l.code === code)!;
}

/**
 * The registered language a platform's language tag stands for ("uk", "pl-PL", "pt-br" from
 * Telegram's `language_code` or Slack's locale), or null when we do not speak it.
 */
export function languageOfTag(tag: string | null | undefined): LanguageCode | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguageCode(primary) ? primary : null;
}

/**
 * Which language a person reads their private answers in: what they chose (`/me language`),
 * else what their platform says if we speak it, else their team's.
 */
export function personLanguage(person: { chosen: string | null; platformTag?: string | null }, team: LanguageCode): LanguageCode {
  if (isLanguageCode(person.chosen)) return person.chosen;
  return languageOfTag(person.platformTag) ?? team;
}

/** A team's stored language, read back: a code we no longer speak becomes the default. */
export const teamLanguage = (stored: string | null | undefined): LanguageCode => (isLanguageCode(stored) ? stored : DEFAULT_LANGUAGE);
