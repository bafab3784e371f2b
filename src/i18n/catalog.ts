/**
 * The shape of a message catalog. English (catalogs/en.ts) is the source of the keys: a key
 * exists when it is in `en`, and every other catalog translates those keys, with the same
 * placeholders and the same plural/select structure (test/i18n/catalogs.test.ts checks both).
 */
import type { en } from "./catalogs/en.js";

/** Every message the bot can say, by key ("alert.header"). */
export type MessageKey = keyof typeof en;

/** A complete catalog: one ICU MessageFormat message per key. */
export type Catalog = { readonly [K in MessageKey]: string };

/**
 * A translation: a catalog that may still lack keys while a view is being converted. The
 * catalogs test fails on a missing key, and so do tests that render it (the translator is
 * strict there); a running bot says the English message instead.
 */
export type Translations = { readonly [K in MessageKey]?: string };

/** What a message's placeholders are given: text, numbers (plural, number), dates (date, time). */
export type MessageValues = Readonly<Record<string, string | number | Date>>;
