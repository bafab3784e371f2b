/**
 * Why a lead file cannot be imported, in words. The expected sentences are the ones lead-file.ts
 * used to return itself, byte for byte. The table is typed by the problems' kinds, so a new
 * kind needs a case here to compile.
 */
import { describe, expect, it } from "vitest";
import type { FileProblem } from "../../src/services/lead-file.js";
import { encodingNote, fileNoteText, fileProblemText, incompleteMessage, tooLargeMessage } from "../../src/views/lead-file.view.js";

const HOW_TO =
  "The first row names the columns: name, email, phone, company, title, external id (any other column becomes an attribute). Each lead needs an email, a phone or an external id.";

type Cases = { [K in FileProblem["kind"]]: Array<[problem: Extract<FileProblem, { kind: K }>, words: string]> };

const CASES: Cases = {
  too_large: [
    [{ kind: "too_large", bytes: 7_340_032, limit: 5_242_880 }, "That file is 7 MB, more than the 5 MB I import at once. Split it into smaller files, or send it through POST /api/v1/leads/import."],
    [{ kind: "too_large", limit: 1_024 }, "That file is more than the 1 KB I import at once. Split it into smaller files, or send it through POST /api/v1/leads/import."],
  ],
  empty: [
    [{ kind: "empty", filename: "leads.csv" }, `leads.csv is empty. ${HOW_TO}`],
    [{ kind: "empty" }, `The file is empty. ${HOW_TO}`],
  ],
  archive: [[{ kind: "archive", filename: "photos.zip" }, "photos.zip is an archive, not a spreadsheet I can read. Send a .csv or .xlsx file."]],
  old_excel: [[{ kind: "old_excel" }, "That is an old Excel (.xls) file. Save it as .xlsx or .csv and send it again."]],
  not_a_spreadsheet: [
    [{ kind: "not_a_spreadsheet", filename: "leads.pdf" }, "I can import .csv and .xlsx files, not leads.pdf."],
    [{ kind: "not_a_spreadsheet" }, "I can import .csv and .xlsx files."],
  ],
  csv_encoding_unknown: [[{ kind: "csv_encoding_unknown" }, 'I could not tell how that CSV is encoded. Save it as "CSV UTF-8" (in Excel: Save As → CSV UTF-8) and send it again.']],
  csv_row_too_long: [
    [
      { kind: "csv_row_too_long", row: 2, max: 262_144 },
      "Row 2 of that CSV is longer than 262,144 characters, far more than a lead needs (an unclosed quote can do this too). Fix it and send the file again.",
    ],
    [
      { kind: "csv_row_too_long", max: 262_144 },
      "Row ? of that CSV is longer than 262,144 characters, far more than a lead needs (an unclosed quote can do this too). Fix it and send the file again.",
    ],
  ],
  csv_unreadable: [
    [{ kind: "csv_unreadable", line: 3, detail: "Invalid Closing Quote: got \"x\" at line 3 instead of delimiter" }, 'I could not read that CSV (around line 3): Invalid Closing Quote: got "x" at line 3 instead of delimiter.'],
    [{ kind: "csv_unreadable", detail: "something odd" }, "I could not read that CSV: something odd."],
  ],
  xlsx_unsafe: [
    [{ kind: "xlsx_unsafe" }, "I could not open that XLSX file safely (it unpacks to far more than a lead list needs, or is damaged). Save it again, or as CSV."],
  ],
  xlsx_damaged: [
    [{ kind: "xlsx_damaged" }, "I could not open that XLSX file; it may be damaged or password-protected. Save it again from your spreadsheet, or as CSV."],
  ],
  no_rows: [
    [{ kind: "no_rows", workbook: true }, `That workbook has no rows. ${HOW_TO}`],
    [{ kind: "no_rows", workbook: false }, `That file has no rows. ${HOW_TO}`],
  ],
  too_many_rows: [
    [{ kind: "too_many_rows", rows: 10_001, atLeast: true, max: 10_000 }, "That file has at least 10,001 leads; I import at most 10,000 at once. Split it into smaller files."],
    [{ kind: "too_many_rows", rows: 3, atLeast: false, max: 2 }, "That file has 3 leads; I import at most 2 at once. Split it into smaller files."],
  ],
  too_many_rows_read: [
    [
      { kind: "too_many_rows_read", read: 50_000, empty: 49_999 },
      "That file goes on past 50,000 rows, 49,999 of them empty; I read at most 50,000 rows of a file. Delete the empty rows (or split the file) and send it again.",
    ],
  ],
  no_identity_column: [[{ kind: "no_identity_column" }, `I found no email, phone or external id column in the first row. ${HOW_TO}`]],
  no_leads_under_header: [[{ kind: "no_leads_under_header" }, "That file has a header row but no leads under it."]],
};

describe("lead file view", () => {
  const all = Object.values(CASES).flat() as Array<[FileProblem, string]>;

  it.each(all.map(([problem, words]) => [JSON.stringify(problem), problem, words] as const))("words %s as lead-file.ts used to", (_name, problem, words) => {
    expect(fileProblemText(problem)).toBe(words);
  });

  it("says the same about a file too large to download as about one too large to read", () => {
    expect(tooLargeMessage(undefined, 5_242_880)).toBe(fileProblemText({ kind: "too_large", limit: 5_242_880 }));
  });

  it("notes ignored columns, a guessed encoding and a cut-short import", () => {
    expect(fileNoteText({ kind: "ignored_columns", rows: 1, maxColumns: 200 })).toBe(
      "I read the first 200 columns and ignored cells further right (in 1 row). If a lead's details are out there, move those columns to the left and send the file again.",
    );
    expect(encodingNote("utf-8")).toBeNull();
    expect(encodingNote("windows-1251")).toBe('The file was not UTF-8; I read it as Windows-1251 (Cyrillic). If names look wrong, save it as "CSV UTF-8" and send it again.');
    expect(incompleteMessage({ firstRow: 6, lastRow: 6, notImported: 1 })).toBe(
      "The import stopped on a database error: row 6 was not imported (the rows before were). Sending the file again is safe: it updates the leads already imported.",
    );
  });
});
