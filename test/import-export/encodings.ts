/** Test files in the legacy encodings spreadsheets still save. */

/** Text in a single-byte code page, as Excel's plain "CSV" writes it (the table comes from the decoder itself). */
export function encodeIn(text: string, encoding: string): Uint8Array {
  const decoder = new TextDecoder(encoding);
  const byChar = new Map<string, number>();
  for (let b = 255; b >= 0; b--) byChar.set(decoder.decode(new Uint8Array([b])), b);
  return new Uint8Array(
    [...text].map((c) => {
      const b = byChar.get(c);
      if (b === undefined) throw new Error(`${c} is not in ${encoding}`);
      return b;
    }),
  );
}
