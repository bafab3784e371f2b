/**
 * Words some of which stand out, for messages that are not a whole reply (a form's question, a
 * prompt for a note): a view writes them once, and each platform shows the emphasis its own
 * way (Telegram: HTML; the terminal: plain text).
 */

/** A run of words: plain, strong, quiet, or naming a person so the platform can notify them. */
export type Span = string | { strong: string } | { quiet: string } | { mention: { id: string; name: string } };

/** One line of a message. An empty line sets what follows apart. */
export type RichLine = Span[];

/** The words without emphasis. */
export function plainLines(lines: RichLine[]): string {
  return lines.map((line) => line.map(spanText).join("")).join("\n");
}

export function spanText(span: Span): string {
  if (typeof span === "string") return span;
  if ("strong" in span) return span.strong;
  if ("quiet" in span) return span.quiet;
  return span.mention.name;
}
