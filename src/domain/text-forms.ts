/**
 * The forms typed words are compared in, whatever the language: Unicode NFC, lower case,
 * Cyrillic/Latin lookalikes settled, diacritics and apostrophes dropped. Pure, and linear in
 * the length of the text.
 */

// Letters that look the same in Latin and Cyrillic: people on a phone switch keyboards in the
// middle of a word ("дeмo") or get Latin from autocorrect.
const LOOKALIKES: Array<[latin: string, cyrillic: string]> = [
  ["A", "А"], ["B", "В"], ["C", "С"], ["E", "Е"], ["H", "Н"], ["I", "І"], ["K", "К"], ["M", "М"], ["O", "О"], ["P", "Р"], ["T", "Т"], ["X", "Х"], ["Y", "У"],
  ["a", "а"], ["c", "с"], ["e", "е"], ["i", "і"], ["ï", "ї"], ["k", "к"], ["o", "о"], ["p", "р"], ["x", "х"], ["y", "у"],
];
const TO_CYRILLIC = new Map(LOOKALIKES);
const TO_LATIN = new Map(LOOKALIKES.map(([latin, cyrillic]) => [cyrillic, latin]));

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/**
 * A word that mixes Cyrillic and Latin letters, in the one script its lookalikes allow (the
 * script most of its letters are in when both would do): "дeмo" → "демо", "cеnnik" → "cennik".
 * Anything else is left as it is.
 */
export function settleScript(word: string): string {
  if (!CYRILLIC.test(word) || !LATIN.test(word)) return word;
  const letters = [...word];
  const cyrillic = letters.filter((c) => CYRILLIC.test(c)).length;
  const latin = letters.filter((c) => LATIN.test(c)).length;
  const asCyrillic = letters.map((c) => TO_CYRILLIC.get(c) ?? c).join("");
  const asLatin = letters.map((c) => TO_LATIN.get(c) ?? c).join("");
  const cyrillicWorks = !LATIN.test(asCyrillic);
  const latinWorks = !CYRILLIC.test(asLatin);
  if (cyrillicWorks && (!latinWorks || cyrillic >= latin)) return asCyrillic;
  if (latinWorks) return asLatin;
  return word;
}

/** Apostrophes inside a word ("п'ять", "doesn’t", "зв’язок"): dropped, so every way of typing one meets. */
const INNER_APOSTROPHE = /(?<=\p{L})['’ʼ`´](?=\p{L})/gu;

/** The text with apostrophes inside words dropped ("п’ять" → "пять"); quotes around words stay. */
export const withoutInnerApostrophes = (text: string): string => text.replace(INNER_APOSTROPHE, "");

/** NFC, lookalikes settled, lower case: how a typed word is shown back. */
export function displayForm(word: string): string {
  return settleScript(word.normalize("NFC")).toLowerCase();
}

/**
 * The form words are compared in: the display form without diacritics or inner apostrophes
 * ("pagină" = "pagina", "ważny" = "wazny", "ł" = "l", "ё" = "е", "ї" = "і", "й" = "и").
 */
export function foldForm(word: string): string {
  return displayForm(word)
    .replace(INNER_APOSTROPHE, "")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ł/g, "l")
    .normalize("NFC");
}

/** A whole text's words in compared form, split on spaces, underscores and hyphens: a phrase as the tables hold it. */
export function foldedWords(text: string): string[] {
  return text
    .split(/[\s_-]+/)
    // Punctuation around a word goes ("так:", "(demo)"); a word of punctuation only ("=") stays.
    .map((w) => foldForm(w.replace(/^[^\p{L}\p{N}?+]+|[^\p{L}\p{N}?+]+$/gu, "") || w))
    .filter(Boolean);
}
