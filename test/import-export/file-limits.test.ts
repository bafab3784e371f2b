/**
 * Reading lead files in bounded memory and time (issue 10): the column cap, the row limits
 * enforced while reading, and the CSV reader's column cutting checked against csv-parse itself.
 */
import { parse as parseCsv } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsvRows } from "../../src/services/lead-file-csv.js";
import { readLeadFile, type FileProblem } from "../../src/services/lead-file.js";
import type { ReadRow } from "../../src/services/lead-file-rows.js";
import { fileNoteText, fileProblemText } from "../../src/views/lead-file.view.js";
import { blankLinesCsv, peakRssAbove, sparseXlsx, xlsx } from "./worst-files.js";

/** A refused read with its problem in words, as people are told it. */
const worded = <R extends { ok: true }>(read: R | { ok: false; problem: FileProblem }) => (read.ok ? read : { ok: false, message: fileProblemText(read.problem) });

const csv = (text: string) => ({ filename: "leads.csv", contentType: "text/csv", data: new TextEncoder().encode(text) });
const ok = <T extends { ok: boolean }>(result: T) => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
};

describe("reading lead files within bounds", () => {
  it("reads a 35 KB XLSX of 2,000 rows with values in column XFD in little time and memory", async () => {
    const file = sparseXlsx(2_000);
    const started = performance.now();
    const { value, peakBytes } = await peakRssAbove(() => readLeadFile({ filename: "sparse.xlsx", data: file }));
    const ms = performance.now() - started;
    const read = ok(value);
    // Before the fix: every one of 16,384 columns of every row was walked: ~40 s, then out of memory.
    expect(read.rows).toHaveLength(2_000);
    expect(read.rows[0]).toEqual({ row: 2, item: { email: "far0@example.com", name: "Far 0" } });
    expect(read.notes.map(fileNoteText)).toEqual([expect.stringMatching(/first 200 columns .* \(in 2,000 rows\)/)]);
    expect(ms).toBeLessThan(3_000);
    expect(peakBytes / 1_048_576).toBeLessThan(200);
  });

  it("reads an XLSX's first 200 columns: column 200 is an attribute, a value in column 201 is noted, not read", async () => {
    const header = { 1: "email", 200: "last kept", 201: "first ignored" };
    const read = ok(await readLeadFile({ filename: "wide.xlsx", data: xlsx([header, { 1: "a@example.com", 200: "yes", 201: "no" }, { 1: "b@example.com", 200: 7 }]) }));
    expect(read.rows.map((r) => r.item)).toEqual([
      { email: "a@example.com", attributes: { "last kept": "yes" } },
      { email: "b@example.com", attributes: { "last kept": 7 } },
    ]);
    // The header's cell in column 201 and row 2's.
    expect(read.notes.map(fileNoteText)).toEqual(["I read the first 200 columns and ignored cells further right (in 2 rows). If a lead's details are out there, move those columns to the left and send the file again."]);
    const narrow = ok(await readLeadFile({ filename: "narrow.xlsx", data: xlsx([{ 1: "email" }, { 1: "c@example.com" }]) }));
    expect(narrow.notes).toEqual([]);
  });

  it("cuts CSV rows at 200 columns, keeping row numbers across quoted line breaks and blank lines", async () => {
    const wide = (cells: string[]) => cells.join(",");
    const header = wide(["email", ...Array.from({ length: 249 }, (_, i) => `c${i + 2}`)]);
    // Row 2 carries a quoted line break and a quoted comma past column 200; row 4 follows a blank line.
    const row2 = wide(["a@example.com", ...Array.from({ length: 198 }, () => ""), "kept", '"far, ""quoted""\nstill far"', "x"]);
    const row4 = wide(["b@example.com", "two"]);
    const read = ok(await readLeadFile(csv(`${header}\r\n${row2}\r\n\r\n${row4}\r\n`)));
    expect(read.rows).toEqual([
      { row: 2, item: { email: "a@example.com", attributes: { c200: "kept" } } },
      { row: 4, item: { email: "b@example.com", attributes: { c2: "two" } } },
    ]);
    expect(read.notes.map(fileNoteText)).toEqual([expect.stringMatching(/\(in 2 rows\)/)]);
  });

  it("refuses a CSV that goes on past five rows per lead allowed, reading no further", async () => {
    const read = await readLeadFile({ filename: "blank.csv", data: blankLinesCsv(5 * 1_048_576) });
    expect(worded(read)).toEqual({ ok: false, message: expect.stringMatching(/^That file goes on past 50,000 rows, 49,999 of them empty; I read at most 50,000 rows/) });
    // Blank lines between leads are fine while the file stays within the bound.
    const spaced = ok(await readLeadFile(csv(`email\n\n\na@example.com\n\n\nb@example.com\n`), { maxRows: 2, maxBytes: 1_000 }));
    expect(spaced.rows.map((r) => r.row)).toEqual([4, 7]);
    expect(worded(await readLeadFile(csv(`email\n${"\n".repeat(10)}a@example.com\n`), { maxRows: 2, maxBytes: 1_000 }))).toMatchObject({ ok: false, message: expect.stringMatching(/past 10 rows/) });
  });

  it("refuses a CSV row longer than 262,144 characters by its row number", async () => {
    const read = await readLeadFile(csv(`email,note\na@example.com,${"n".repeat(300_000)}\n`));
    expect(worded(read)).toEqual({ ok: false, message: expect.stringMatching(/^Row 2 of that CSV is longer than 262,144 characters/) });
  });

  it("reads a 5 MB CSV that is not UTF-8 in bounded time", async () => {
    // Words of bytes 0x80–0xFF only read as Cyrillic (0xE9 is "й"); the code page guess once built an array of every character, twice.
    const row = (i: number) => [...new TextEncoder().encode(`a${i}@example.com,`), ...new Uint8Array(580).fill(0xe9), 0x0a];
    const rows = [new TextEncoder().encode("email,name\n")];
    for (let i = 0, size = 0; size < 5 * 1_048_576 - 700; i++) {
      rows.push(new Uint8Array(row(i)));
      size += rows[rows.length - 1]!.length;
    }
    const data = new Uint8Array(Buffer.concat(rows));
    const started = performance.now();
    const read = ok(await readLeadFile({ filename: "latin.csv", data }));
    expect(read.encoding).toBe("windows-1251");
    expect(read.rows[0]!.item).toEqual({ email: "a0@example.com", name: "й".repeat(580) });
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("cuts columns exactly as csv-parse reads them: same rows, same cells up to the header's width or the cap", async () => {
    const fieldText = fc.stringMatching(/^[a ,"\n\r\u00e9]{0,6}$/);
    const serialized = (value: string) => (/[,"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.array(fieldText, { maxLength: 10 }), { maxLength: 8 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 }),
        async (headerWidth, cap, rows, eol, trailingBreak, leadingBlank) => {
          const header = Array.from({ length: headerWidth }, (_, i) => `h${i}`);
          const lines = [...Array.from({ length: leadingBlank }, () => ""), header.join(","), ...rows.map((r) => r.map(serialized).join(","))];
          const text = lines.join(eol) + (trailingBreak ? eol : "");
          const expected = (parseCsv(text, { relax_column_count: true, skip_empty_lines: false, record_delimiter: eol }) as string[][]).map((record, i) => {
            const width = Math.min(headerWidth, cap);
            const cells = record.slice(0, width);
            while (cells.length < width) cells.push("");
            const ignoredCells = headerWidth >= cap && record.slice(cap).some((v) => /[^\s",]/.test(v));
            return { row: i + 1, cells, ignoredCells };
          });
          const actual: ReadRow[] = [];
          const read = await readCsvRows(text, ",", cap, (row) => (actual.push(row), true));
          expect(read).toEqual({ ok: true });
          expect(actual).toEqual(expected);
        },
      ),
      { seed: 10, numRuns: 300 },
    );
  });
});
