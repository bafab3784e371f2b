/**
 * Reading a CSV's text as rows, streamed through csv-parse a piece at a time: rows reach the
 * caller as they are parsed (it stops the reading when it has seen enough), and the event loop
 * runs between pieces. Before csv-parse sees a record, RecordShaper gives it exactly as many
 * fields as the header row has (at most the column cap): a line of 10,000 (or 2 million)
 * fields costs a scan for its end, not 10,000 strings, and a blank line is not a "record of
 * the wrong length", which csv-parse reports by building an error object (about 20 µs, 5 MB of
 * blank lines took minutes) even when told to accept such records.
 */
import { parse, type Parser } from "csv-parse";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { FileProblem } from "./lead-file.js";
import type { RowSink } from "./lead-file-rows.js";

/**
 * The characters of one row's kept cells, at most. A row of 200 columns of the longest values
 * the store keeps is about this; a longer one is not a lead (and csv-parse would buffer it).
 */
export const MAX_CSV_ROW_CHARS = 262_144;

/** Text handed to csv-parse at a time, between turns of the event loop. */
const PIECE = 32_768;

/** Spreadsheets in much of Europe save CSV with semicolons; the header line tells which. */
export function detectDelimiter(text: string): "," | ";" | "\t" {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const newline = text.slice(start, start + 65_536).search(/\r|\n/);
  const firstLine = text.slice(start, newline < 0 ? start + 65_536 : start + newline);
  const count = (d: string) => firstLine.split(d).length;
  return ([",", ";", "\t"] as const).reduce((best, d) => (count(d) > count(best) ? d : best), ",");
}

export type CsvReadResult = { ok: true } | { ok: false; problem: Extract<FileProblem, { kind: "csv_row_too_long" | "csv_unreadable" }> };

/**
 * Parses `text` into rows for `sink`, numbered as a spreadsheet numbers them (empty lines are
 * rows too), each cut to `maxColumns` cells. Stops when `sink` answers false.
 */
export async function readCsvRows(text: string, delimiter: string, maxColumns: number, sink: RowSink): Promise<CsvReadResult> {
  const shaper = new RecordShaper(text, delimiter, maxColumns);
  const parser: Parser = parse({
    bom: true,
    delimiter,
    record_delimiter: shaper.recordDelimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_CSV_ROW_CHARS,
  });
  let row = 0;
  let stopped = false;
  let failure: Error | undefined;
  parser.on("data", (record: string[]) => {
    if (stopped) return;
    row++;
    if (!sink({ row, cells: record.length > maxColumns ? record.slice(0, maxColumns) : record, ignoredCells: shaper.cutValuesFrom(row) })) stopped = true;
  });
  parser.on("error", (error: Error) => {
    failure = error;
  });
  const ended = new Promise<void>((resolve) => {
    parser.on("end", resolve);
    parser.on("close", resolve);
  });
  for (const piece of shaper.pieces(PIECE)) {
    parser.write(piece);
    // Records and errors arrive by the next turn; the event loop (other requests, /healthz) runs here.
    await nextTurn();
    if (stopped || failure) break;
  }
  if (!stopped && !failure) {
    parser.end();
    await ended;
  } else parser.destroy();
  if (failure) return { ok: false, problem: csvProblem(failure) };
  return { ok: true };
}

function csvProblem(error: Error): Extract<FileProblem, { kind: "csv_row_too_long" | "csv_unreadable" }> {
  const info = error as Error & { code?: string; lines?: number };
  if (info.code === "CSV_MAX_RECORD_SIZE") return { kind: "csv_row_too_long", row: info.lines, max: MAX_CSV_ROW_CHARS };
  return { kind: "csv_unreadable", line: info.lines || undefined, detail: error.message.replace(/^Invalid [^:]*: /, "") };
}

/**
 * Gives every record of a CSV the header's number of fields, capped at `maxColumns`: a longer
 * record is cut there and the rest of it skipped with native string search, a shorter one (a
 * blank line too) gets empty fields added. The line breaks stay, so csv-parse numbers rows as
 * before, and cells past the header had no column to go to anyway. It follows csv-parse's
 * quoting: a quote opens a field only at the field's start, and a quoted field (delimiters and
 * line breaks in it included) is one field. The text is handed on in pieces.
 */
class RecordShaper {
  /** The line break that ends a record: the first one outside quotes, as csv-parse would guess it. */
  readonly recordDelimiter: "\r\n" | "\n" | "\r";
  /** Fields every record gets. */
  private readonly width: number;
  /** Cells past the width are past the column cap (not just past a short header). */
  private readonly capped: boolean;
  /** Where something happens: a delimiter, a quote or a line break. */
  private readonly special: RegExp;
  /** A character that makes text a value (not a delimiter, a quote or a blank); `valueIn` tests a stretch. */
  private readonly value: RegExp;
  private readonly valueIn: RegExp;
  /** Rows (csv-parse's record numbers, from 1) that had a value cut off past the column cap. */
  private readonly cutWithValues = new Set<number>();

  constructor(
    private readonly text: string,
    private readonly delimiter: string,
    maxColumns: number,
  ) {
    const escaped = delimiter.replace(/[\\^$.*+?()[\]{}|-]/g, "\\$&");
    this.special = new RegExp(`[${escaped}"\\r\\n]`, "g");
    this.value = new RegExp(`[^\\s"${escaped}]`, "g");
    this.valueIn = new RegExp(`[^\\s"${escaped}]`);
    this.recordDelimiter = this.firstLineBreak();
    const headerFields = this.fieldsOfFirstRecordWithValue(maxColumns);
    this.width = Math.min(headerFields, maxColumns);
    this.capped = headerFields >= maxColumns;
  }

  /** True (once) for a row that had a value cut off past the column cap. */
  cutValuesFrom(row: number): boolean {
    return this.cutWithValues.delete(row);
  }

  /** The text, shaped, in pieces of about `size` characters read. */
  *pieces(size: number): Generator<string> {
    const { text, delimiter, width } = this;
    let pos = 0;
    let from = 0;
    let lastPiece = 0;
    let field = 1;
    let record = 1;
    let kept: string[] = [];
    let keptLength = 0;
    const keep = (upTo: number) => {
      if (upTo > from) {
        kept.push(text.slice(from, upTo));
        keptLength += upTo - from;
      }
      from = upTo;
    };
    const add = (extra: string) => {
      kept.push(extra);
      keptLength += extra.length;
    };
    while (pos < text.length) {
      this.special.lastIndex = pos;
      const match = this.special.exec(text);
      if (!match) break;
      const at = match.index;
      const found = match[0];
      if (found === '"') {
        pos = this.fieldStarts(at) ? endOfQuoted(text, at + 1) : at + 1;
      } else if (found === delimiter) {
        field++;
        pos = at + 1;
        if (field > width) {
          keep(at);
          const end = this.endOfRecord(pos);
          if (this.capped && this.hasValue(pos, end)) this.cutWithValues.add(record);
          from = end;
          pos = end;
          field = width;
        }
      } else {
        const breakLength = this.recordBreakAt(at);
        pos = at + Math.max(1, breakLength);
        if (breakLength > 0) {
          if (field < width) {
            keep(at);
            add(delimiter.repeat(width - field));
          }
          field = 1;
          record++;
        }
      }
      // A piece once enough text is kept or read (skipped cells included), so the reader gets its turn.
      if (keptLength + pos - from >= size || pos - lastPiece >= size) {
        keep(pos);
        yield kept.join("");
        kept = [];
        keptLength = 0;
        lastPiece = pos;
      }
    }
    keep(text.length);
    // The last record, unless the text ended with a line break (csv-parse adds no record for that),
    // gets one: what is left of it after a cut may be nothing, which csv-parse would not count.
    if (text.length > 0 && !this.text.endsWith(this.recordDelimiter)) {
      if (field < width) add(delimiter.repeat(width - field));
      add(this.recordDelimiter);
    }
    if (keptLength > 0) yield kept.join("");
  }

  /** The length of the record delimiter at `at` (0 when the line break there is a field's text). */
  private recordBreakAt(at: number): number {
    return this.text.startsWith(this.recordDelimiter, at) ? this.recordDelimiter.length : 0;
  }

  private hasValue(from: number, to: number): boolean {
    return this.valueIn.test(this.text.slice(from, to));
  }

  /** A quote opens a quoted field only where a field starts (csv-parse refuses one elsewhere). */
  private fieldStarts(at: number): boolean {
    if (at === 0) return true;
    const before = this.text[at - 1]!;
    return before === "\n" || before === "\r" || before === "\uFEFF" || before === this.delimiter;
  }

  /** Where the record that `from` is in ends: the index of its line break, or the end of the text. */
  private endOfRecord(from: number): number {
    const { text } = this;
    const breakOrQuote = /["\r\n]/g;
    let pos = from;
    for (;;) {
      breakOrQuote.lastIndex = pos;
      const match = breakOrQuote.exec(text);
      if (!match) return text.length;
      if (match[0] === '"') pos = this.fieldStarts(match.index) ? endOfQuoted(text, match.index + 1) : match.index + 1;
      else if (this.recordBreakAt(match.index) > 0) return match.index;
      else pos = match.index + 1;
    }
  }

  private firstLineBreak(): "\r\n" | "\n" | "\r" {
    const { text } = this;
    const breakOrQuote = /["\r\n]/g;
    let pos = 0;
    for (;;) {
      breakOrQuote.lastIndex = pos;
      const match = breakOrQuote.exec(text);
      if (!match) return "\n";
      if (match[0] === '"') pos = this.fieldStarts(match.index) ? endOfQuoted(text, match.index + 1) : match.index + 1;
      else if (match[0] === "\n") return "\n";
      else return text[match.index + 1] === "\n" ? "\r\n" : "\r";
    }
  }

  /**
   * The fields of the first record with a value (the header, as the reader will find it), up to
   * `atMost`. Only blanks and delimiters come before its first value, so it starts after the last
   * line break before that value.
   */
  private fieldsOfFirstRecordWithValue(atMost: number): number {
    const { text } = this;
    this.value.lastIndex = 0;
    const first = this.value.exec(text);
    if (!first) return 1;
    const start = Math.max(text.lastIndexOf("\n", first.index), text.lastIndexOf("\r", first.index)) + 1;
    const end = this.endOfRecord(start);
    let fields = 1;
    for (let pos = start; pos < end; ) {
      this.special.lastIndex = pos;
      const match = this.special.exec(text);
      if (!match || match.index >= end) break;
      if (match[0] === '"') pos = this.fieldStarts(match.index) ? endOfQuoted(text, match.index + 1) : match.index + 1;
      else {
        if (match[0] === this.delimiter && ++fields >= atMost) return fields;
        pos = match.index + 1;
      }
    }
    return fields;
  }
}

/** The index after a quoted field's closing quote ("" inside is an escaped quote), or the end of the text. */
function endOfQuoted(text: string, from: number): number {
  let pos = from;
  for (;;) {
    const quote = text.indexOf('"', pos);
    if (quote < 0) return text.length;
    if (text[quote + 1] === '"') pos = quote + 2;
    else return quote + 1;
  }
}
