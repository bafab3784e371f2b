/**
 * The words of lead files (/lead import, POST /api/v1/leads/import, the platforms' downloads):
 * why a file cannot be imported, what else an import says about how the file was read, and
 * what a cut-short import tells people. Services return the problem as data (lead-file.ts).
 */
import type { FileNote, FileProblem, TextEncodingName } from "../services/lead-file.js";
import type { ImportSummary } from "../services/lead-transfer.service.js";

const HOW_TO =
  "The first row names the columns: name, email, phone, company, title, external id (any other column becomes an attribute). Each lead needs an email, a phone or an external id.";

const count = (n: number) => n.toLocaleString("en");

/** "5 MB", "700 KB": sizes as people read them. */
export function readableSize(bytes: number): string {
  if (bytes >= 1_048_576) return `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A file over the import limit; `bytes` undefined when its size is not known. Platforms say it before downloading. */
export function tooLargeMessage(bytes: number | undefined, limit: number): string {
  const size = bytes === undefined ? "That file is" : `That file is ${readableSize(bytes)},`;
  return `${size} more than the ${readableSize(limit)} I import at once. Split it into smaller files, or send it through POST /api/v1/leads/import.`;
}

/** Why a file cannot be imported, and what to do about it. */
export function fileProblemText(problem: FileProblem): string {
  switch (problem.kind) {
    case "too_large":
      return tooLargeMessage(problem.bytes, problem.limit);
    case "empty":
      return `${problem.filename ?? "The file"} is empty. ${HOW_TO}`;
    case "archive":
      return `${problem.filename ?? "This file"} is an archive, not a spreadsheet I can read. Send a .csv or .xlsx file.`;
    case "old_excel":
      return "That is an old Excel (.xls) file. Save it as .xlsx or .csv and send it again.";
    case "not_a_spreadsheet":
      return `I can import .csv and .xlsx files${problem.filename ? `, not ${problem.filename}` : ""}.`;
    case "csv_encoding_unknown":
      return 'I could not tell how that CSV is encoded. Save it as "CSV UTF-8" (in Excel: Save As → CSV UTF-8) and send it again.';
    case "csv_row_too_long":
      return `Row ${problem.row ?? "?"} of that CSV is longer than ${count(problem.max)} characters, far more than a lead needs (an unclosed quote can do this too). Fix it and send the file again.`;
    case "csv_unreadable":
      return `I could not read that CSV${problem.line ? ` (around line ${problem.line})` : ""}: ${problem.detail}.`;
    case "xlsx_unsafe":
      return "I could not open that XLSX file safely (it unpacks to far more than a lead list needs, or is damaged). Save it again, or as CSV.";
    case "xlsx_damaged":
      return "I could not open that XLSX file; it may be damaged or password-protected. Save it again from your spreadsheet, or as CSV.";
    case "no_rows":
      return `That ${problem.workbook ? "workbook" : "file"} has no rows. ${HOW_TO}`;
    case "too_many_rows":
      return `That file has ${problem.atLeast ? "at least " : ""}${count(problem.rows)} leads; I import at most ${count(problem.max)} at once. Split it into smaller files.`;
    case "too_many_rows_read":
      return `That file goes on past ${count(problem.read)} rows, ${count(problem.empty)} of them empty; I read at most ${count(problem.read)} rows of a file. Delete the empty rows (or split the file) and send it again.`;
    case "no_identity_column":
      return `I found no email, phone or external id column in the first row. ${HOW_TO}`;
    case "no_leads_under_header":
      return "That file has a header row but no leads under it.";
  }
}

/** What an import says besides the rows: cells that were not read, and why. */
export function fileNoteText(note: FileNote): string {
  const where = note.rows === 1 ? "1 row" : `${count(note.rows)} rows`;
  return `I read the first ${note.maxColumns} columns and ignored cells further right (in ${where}). If a lead's details are out there, move those columns to the left and send the file again.`;
}

const ENCODING_NAMES: Record<Exclude<TextEncodingName, "utf-8">, string> = {
  "utf-16le": "UTF-16",
  "windows-1251": "Windows-1251 (Cyrillic)",
  "windows-1250": "Windows-1250 (Central European)",
  "windows-1252": "Windows-1252 (Western European)",
};

/** The note an import answer carries when a file was not UTF-8, so a wrong guess is noticed. */
export function encodingNote(encoding: TextEncodingName): string | null {
  if (encoding === "utf-8") return null;
  return `The file was not UTF-8; I read it as ${ENCODING_NAMES[encoding]}. If names look wrong, save it as "CSV UTF-8" and send it again.`;
}

/** "rows 1002–2501 were not imported; …": what a cut-short import tells people, in chat and over HTTP. */
export function incompleteMessage(incomplete: NonNullable<ImportSummary["incomplete"]>): string {
  const rows = incomplete.firstRow === incomplete.lastRow ? `row ${incomplete.firstRow} was` : `rows ${incomplete.firstRow}–${incomplete.lastRow} were`;
  return `The import stopped on a database error: ${rows} not imported (the rows before were). Sending the file again is safe: it updates the leads already imported.`;
}
