/**
 * Stemmers for the vocabularies: how names and typed words lose their endings before they are
 * compared. Hand-written because the maintained Snowball ports cover Russian and Romanian but
 * not Ukrainian or Polish; these only need to make the forms of one noun meet ("запит",
 * "запиту", "запитів"; "cennik", "cennika", "cennikiem"), and the vocabularies list the
 * irregular forms besides.
 */

import { foldForm } from "../../domain/text-forms.js";

/**
 * A stemmer that takes off the longest of `endings` that leaves at least `minStem` letters.
 * It works on folded words ("ий" is stripped as "ии", since "й" folds to "и").
 */
export function stripEndings(endings: string[], minStem = 3): (word: string) => string {
  const folded = [...new Set(endings.map(foldForm))].sort((a, b) => b.length - a.length);
  return (word) => {
    for (const ending of folded) {
      if (word.length - ending.length >= minStem && word.endsWith(ending)) return word.slice(0, -ending.length);
    }
    return word;
  };
}

/** Singular, "-ed" dropped: "Requests" → "request", "booked" → "book", "categories" → "category". */
export function englishStem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length >= 6 && w.endsWith("ed")) w = w.slice(0, -2);
  return w;
}
