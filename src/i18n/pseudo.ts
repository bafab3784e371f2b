/**
 * The pseudo-locale `en-XA`: English with every letter of the words accented and the vowels
 * doubled (about a third longer), generated from the English catalog. Placeholders, plural and
 * select syntax, numbers and command names stay as they are. Rendering a view in it shows at a
 * glance any English that did not come from a catalog, and whether longer text still fits
 * (test/i18n/pseudo-locale.test.ts).
 */
import { TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

export const PSEUDO_LOCALE = "en-XA";

const PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ACCENTED = "áƀçðéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ";
const VOWELS = new Set("aeiouAEIOU");

/** Words that people type and so stay as written: a command (/lead), a rule key (demo_request). */
const KEPT = /(\/[a-z][\w-]*|\b[a-z]+(?:_[a-z0-9]+)+\b)/;

/** Every ASCII letter accented, without lengthening: for what Intl formats (month and day names). */
export function accent(text: string): string {
  let out = "";
  for (const ch of text) {
    const i = PLAIN.indexOf(ch);
    out += i < 0 ? ch : ACCENTED[i]!;
  }
  return out;
}

/** Accented and lengthened: each vowel twice. Commands and rule keys are left alone. */
export function pseudoText(text: string): string {
  return text
    .split(KEPT)
    .map((part, i) => (i % 2 === 1 ? part : [...part].map((ch) => (VOWELS.has(ch) ? accent(ch).repeat(2) : accent(ch))).join("")))
    .join("");
}

/** A parsed message with its words made pseudo; arguments and structure untouched. */
export function pseudoMessage(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((el): MessageFormatElement => {
    switch (el.type) {
      case TYPE.literal:
        return { ...el, value: pseudoText(el.value) };
      case TYPE.plural:
      case TYPE.select:
        return {
          ...el,
          options: Object.fromEntries(Object.entries(el.options).map(([k, option]) => [k, { ...option, value: pseudoMessage(option.value) }])),
        };
      case TYPE.tag:
        return { ...el, children: pseudoMessage(el.children) };
      default:
        return el;
    }
  });
}
