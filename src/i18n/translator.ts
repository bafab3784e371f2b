/**
 * Saying a catalog message in a locale: `translator("uk").t("alert.header", { … })`. Messages
 * are ICU MessageFormat, compiled once per locale and key (intl-messageformat) and cached;
 * numbers, dates, times and relative times go through Intl in the reader's locale.
 */
import { parse, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import type { MessageKey, MessageValues } from "./catalog.js";
import { en } from "./catalogs/en.js";
import { DEFAULT_LANGUAGE, isLanguageCode, languageInfo, type LanguageCode } from "./languages.js";
import { accent, PSEUDO_LOCALE, pseudoMessage } from "./pseudo.js";

/** A registered language, or the pseudo-locale the tests render in. */
export type Locale = LanguageCode | typeof PSEUDO_LOCALE;

/**
 * What a catalog without the key does. `english` (a running bot): says the English message.
 * `throw` (tests, set in test/support/i18n-setup.ts): fails, so a missing translation is found.
 */
export type MissingKeyPolicy = "english" | "throw";
let missingKeys: MissingKeyPolicy = "english";

export function setMissingKeyPolicy(policy: MissingKeyPolicy): void {
  missingKeys = policy;
}

/** `<b>` or `<command>` in a message is text, never markup. */
const PARSE_OPTIONS = { ignoreTag: true } as const;

export class MissingMessageError extends Error {
  constructor(
    readonly locale: Locale,
    readonly key: string,
  ) {
    super(`no "${key}" message in the ${locale} catalog`);
  }
}

/** The words and formats of one locale. Get one with `translator(locale)`; they are shared. */
export class Translator {
  /** The Intl locale of numbers, dates and plurals. */
  readonly intl: string;
  private readonly compiled = new Map<MessageKey, IntlMessageFormat>();
  private readonly formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.ListFormat>();
  private readonly pseudo: boolean;

  constructor(readonly locale: Locale) {
    this.pseudo = locale === PSEUDO_LOCALE;
    this.intl = this.pseudo ? "en-GB" : languageInfo(locale as LanguageCode).intl;
  }

  /** The message `key`, its placeholders filled from `values`. */
  t(key: MessageKey, values?: MessageValues): string {
    let message = this.compiled.get(key);
    if (!message) {
      message = new IntlMessageFormat(this.elements(key), this.intl, undefined, PARSE_OPTIONS);
      this.compiled.set(key, message);
    }
    return String(message.format(values));
  }

  /** A number in the reader's format ("1,234", "1 234"). */
  number(value: number, options: Intl.NumberFormatOptions = {}): string {
    return this.shown(this.format("n", options, () => new Intl.NumberFormat(this.intl, options)).format(value));
  }

  /** A share in [0, 1] as a whole percentage ("42%", "42 %"). */
  percent(share: number): string {
    return this.number(share, { style: "percent", maximumFractionDigits: 0 });
  }

  /**
   * A date or time in the reader's format, in `options.timeZone` (give one: the team's, or UTC
   * for a calendar date). E.g. `{ weekday: "short", day: "numeric", month: "short" }`.
   */
  date(at: Date, options: Intl.DateTimeFormatOptions): string {
    return this.shown(this.format("d", options, () => new Intl.DateTimeFormat(this.intl, options)).format(at));
  }

  /** "in 3 days", "yesterday", "за 3 дні": `value` units from now (negative: ago). */
  relative(value: number, unit: Intl.RelativeTimeFormatUnit, options: Intl.RelativeTimeFormatOptions = { numeric: "auto" }): string {
    return this.shown(this.format(`r`, options, () => new Intl.RelativeTimeFormat(this.intl, options)).format(value, unit));
  }

  /** "a, b and c" in the reader's words; the items (often typed examples) stay as they are. */
  list(items: readonly string[], type: Intl.ListFormatType = "conjunction"): string {
    const format = this.format("l", { type }, () => new Intl.ListFormat(this.intl, { type }));
    if (!this.pseudo) return format.format(items);
    return format
      .formatToParts(items)
      .map((part) => (part.type === "literal" ? accent(part.value) : part.value))
      .join("");
  }

  /** Parsed message of `key` in this locale; English where the catalog lacks it (policy allowing). */
  private elements(key: MessageKey): MessageFormatElement[] {
    if (this.pseudo) return pseudoMessage(parse(en[key], PARSE_OPTIONS));
    const text = languageInfo(this.locale as LanguageCode).catalog[key];
    if (text !== undefined) return parse(text, PARSE_OPTIONS);
    if (missingKeys === "throw") throw new MissingMessageError(this.locale, key);
    return parse(en[key], PARSE_OPTIONS);
  }

  private format<F>(kind: string, options: object, make: () => F): F {
    const id = `${kind}${JSON.stringify(options)}`;
    let formatter = this.formats.get(id) as F | undefined;
    if (!formatter) {
      formatter = make();
      this.formats.set(id, formatter as never);
    }
    return formatter;
  }

  /** What Intl wrote, accented in the pseudo-locale so that its month names are not taken for English left over. */
  private shown(text: string): string {
    return this.pseudo ? accent(text) : text;
  }
}

const translators = new Map<Locale, Translator>();

/** The (shared) translator of `locale`; an unknown code gets the default language's. */
export function translator(locale: string = DEFAULT_LANGUAGE): Translator {
  const known: Locale = locale === PSEUDO_LOCALE || isLanguageCode(locale) ? locale : DEFAULT_LANGUAGE;
  let found = translators.get(known);
  if (!found) {
    found = new Translator(known);
    translators.set(known, found);
  }
  return found;
}
