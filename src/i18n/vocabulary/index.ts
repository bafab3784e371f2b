/**
 * The registered vocabularies. Adding a language: write `xx.ts` in this folder (the shape is
 * ./types.ts; the compiler lists what is missing), add its code to VOCABULARY_LANGUAGES and
 * one line below.
 */
import { en } from "./en.js";
import { pl } from "./pl.js";
import { ro } from "./ro.js";
import { ru } from "./ru.js";
import type { Vocabulary, VocabularyLanguage } from "./types.js";
import { uk } from "./uk.js";

export const VOCABULARIES: Record<VocabularyLanguage, Vocabulary> = { en, uk, ru, pl, ro };

export { VOCABULARY_LANGUAGES } from "./types.js";
export type { Vocabulary, VocabularyLanguage } from "./types.js";

/** A locale as platforms give it ("uk", "pl-PL", "ro_RO", "EN") → a language with a vocabulary, or undefined. */
export function vocabularyLanguage(locale: string | undefined): VocabularyLanguage | undefined {
  const code = locale?.trim().toLowerCase().split(/[-_]/)[0];
  return code && Object.hasOwn(VOCABULARIES, code) ? (code as VocabularyLanguage) : undefined;
}
