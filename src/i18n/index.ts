/**
 * Languages: message catalogs (ICU MessageFormat), the registered languages and the
 * translator views speak through. README, "Languages".
 */
export type { Catalog, MessageKey, MessageValues, Translations } from "./catalog.js";
export {
  DEFAULT_LANGUAGE,
  isLanguageCode,
  LANGUAGE_CODES,
  LANGUAGES,
  languageInfo,
  languageOfTag,
  personLanguage,
  teamLanguage,
  type Language,
  type LanguageCode,
} from "./languages.js";
export { PSEUDO_LOCALE } from "./pseudo.js";
export { MissingMessageError, setMissingKeyPolicy, translator, Translator, type Locale, type MissingKeyPolicy } from "./translator.js";
