/**
 * Lead files: reading a CSV or XLSX into lead items (the shape `ingestLeads` takes) and
 * writing leads out as CSV or XLSX. No database here; the use cases live in
 * lead-transfer.service.ts.
 */
import { stringify as stringifyCsv } from "csv-stringify/sync";
import type ExcelJS from "exceljs";
import { createInflateRaw } from "node:zlib";
import { LIMITS } from "../domain/limits.js";
import { detectDelimiter, readCsvRows } from "./lead-file-csv.js";
import { isEmptyCell, RowCollector, type Cell } from "./lead-file-rows.js";
import { readSheetRows, zipEntries } from "./lead-file-xlsx.js";

export type LeadFileFormat = "csv" | "xlsx";

export const CONTENT_TYPES: Record<LeadFileFormat, string> = {
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export interface ImportLimits {
  /** Data rows per file (the header row not counted). */
  maxRows: number;
  /** Bytes per file, as uploaded (an XLSX is compressed). */
  maxBytes: number;
  /** Columns read; cells further right are ignored, and the answer says so. Default LIMITS.fileColumns. */
  maxColumns?: number;
  /**
   * Rows read at all, empty ones included, before the reading stops and the file is refused.
   * Default ROWS_READ_PER_ROW × maxRows: room for a blank line between every two leads, while a
   * file of nothing but blank lines costs no more than a full one.
   */
  maxRowsRead?: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxRows: 10_000, maxBytes: 5 * 1_048_576 };

/** Rows read (empty ones included) per data row allowed: 10,000 leads → 50,000 rows. */
export const ROWS_READ_PER_ROW = 5;

/**
 * Why a lead file cannot be imported at all, with what its message needs (worded in
 * src/views/lead-file.view.ts). A row that cannot be read is not this: it is a RowProblem.
 */
export type FileProblem =
  /** `bytes` undefined: the size is not known, only that it is over. */
  | { kind: "too_large"; bytes?: number; limit: number }
  | { kind: "empty"; filename?: string }
  | { kind: "archive"; filename?: string }
  | { kind: "old_excel" }
  | { kind: "not_a_spreadsheet"; filename?: string }
  | { kind: "csv_encoding_unknown" }
  /** `row` undefined: the parser did not say where. */
  | { kind: "csv_row_too_long"; row?: number; max: number }
  /** `detail`: the CSV parser's own description of the mistake (csv-parse's English). */
  | { kind: "csv_unreadable"; line?: number; detail: string }
  | { kind: "xlsx_unsafe" }
  | { kind: "xlsx_damaged" }
  | { kind: "no_rows"; workbook: boolean }
  | { kind: "too_many_rows"; rows: number; atLeast: boolean; max: number }
  | { kind: "too_many_rows_read"; read: number; empty: number }
  | { kind: "no_identity_column" }
  | { kind: "no_leads_under_header" };

/** What an import answer says besides the rows about how the file was read. */
export type FileNote = { kind: "ignored_columns"; rows: number; maxColumns: number };

// ---- recognising a file ----------------------------------------------------------------------

/** Every XLSX is a ZIP archive; its first bytes say so whatever the name or MIME type claim. */
const isZip = (data: Uint8Array) => data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
/** The old binary Excel format (OLE compound file), which we do not read. */
const isOle = (data: Uint8Array) => data.length >= 4 && data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0;

/**
 * What a file is, from its bytes first, then its MIME type and name: chat platforms label
 * CSVs variously (text/csv, text/plain, application/vnd.ms-excel, application/octet-stream).
 */
export function detectFormat(file: { filename?: string; contentType?: string; data: Uint8Array }): LeadFileFormat | { unsupported: FileProblem } {
  const name = (file.filename ?? "").toLowerCase();
  const type = (file.contentType ?? "").toLowerCase().split(";")[0]!.trim();
  if (isZip(file.data)) {
    const unnamed = !/\.\w+$/.test(name);
    if (name.endsWith(".xlsx") || type === CONTENT_TYPES.xlsx || (unnamed && ["", "application/octet-stream", "application/zip"].includes(type))) return "xlsx";
    return { unsupported: { kind: "archive", filename: file.filename } };
  }
  if (isOle(file.data) || name.endsWith(".xls")) return { unsupported: { kind: "old_excel" } };
  if (/\.(csv|txt|tsv)$/.test(name) || ["text/csv", "application/csv", "text/plain", "text/tab-separated-values", "application/vnd.ms-excel"].includes(type)) return "csv";
  if (name === "" && type === "") return "csv";
  return { unsupported: { kind: "not_a_spreadsheet", filename: file.filename } };
}

// ---- columns -----------------------------------------------------------------------------------

type LeadField = "name" | "firstName" | "lastName" | "email" | "phone" | "company" | "title" | "externalId" | "cycleDays" | "lastPurchaseAt";

/** Header names as people write them, compared without case, spaces or punctuation. */
const FIELD_ALIASES: Record<LeadField, string[]> = {
  name: ["name", "fullname", "leadname", "contactname", "contact"],
  firstName: ["firstname", "givenname"],
  lastName: ["lastname", "surname", "familyname"],
  email: ["email", "emailaddress", "mail"],
  phone: ["phone", "phonenumber", "telephone", "tel", "mobile", "mobilephone"],
  company: ["company", "companyname", "organisation", "organization"],
  title: ["title", "jobtitle", "position"],
  externalId: ["externalid", "extid", "crmid"],
  cycleDays: ["cycledays", "buyingcycledays"],
  lastPurchaseAt: ["lastpurchase", "lastpurchaseat", "lastpurchasedate"],
};
/** Columns our own export writes that the bot computes: importing them would mean nothing. */
const COMPUTED = new Set(["id", "score", "tier", "stage", "owner"]);
/** An attribute whose name would read as one of the columns above is exported as `attr:<name>`. */
const ATTRIBUTE_PREFIX = "attr:";

// Letters of any script survive: a "Город" column is an attribute, not an empty (ignored) header.
const squash = (header: string) => header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
const FIELD_BY_ALIAS = new Map<string, LeadField>(Object.entries(FIELD_ALIASES).flatMap(([field, aliases]) => aliases.map((a) => [a, field as LeadField] as const)));

type Column = { kind: "field"; field: LeadField } | { kind: "attribute"; key: string } | { kind: "ignored" };

function columnOf(header: string): Column {
  const trimmed = header.trim();
  if (trimmed.toLowerCase().startsWith(ATTRIBUTE_PREFIX) && trimmed.length > ATTRIBUTE_PREFIX.length) {
    return { kind: "attribute", key: trimmed.slice(ATTRIBUTE_PREFIX.length).trim() };
  }
  const squashed = squash(trimmed);
  if (squashed === "" || COMPUTED.has(squashed)) return { kind: "ignored" };
  const field = FIELD_BY_ALIAS.get(squashed);
  return field ? { kind: "field", field } : { kind: "attribute", key: trimmed };
}

const reserved = (key: string) => COMPUTED.has(squash(key)) || FIELD_BY_ALIAS.has(squash(key)) || key.toLowerCase().startsWith(ATTRIBUTE_PREFIX);

// ---- reading -------------------------------------------------------------------------------------

export interface FileRow {
  /** The row number a spreadsheet shows (the header is row 1). */
  row: number;
  /** A lead item for `ingestLeads`. */
  item: Record<string, unknown>;
}

/** A cell a row could not be read with: its column and what was in it, for the view to word. */
export interface CellProblem {
  column: "cycle_days" | "last_purchase";
  typed: string;
}

export interface RowProblem {
  row: number;
  /** In the ingest API's (English) words, as POST /api/v1/leads/import answers them. */
  reason: string;
  cell?: CellProblem;
}

export type ReadResult =
  | {
      ok: true;
      format: LeadFileFormat;
      /** How a CSV's bytes were read (an XLSX is always Unicode: "utf-8"). */
      encoding: TextEncodingName;
      rows: FileRow[];
      problems: RowProblem[];
      /** What the answer should tell besides the rows: cells that were not read, and why. */
      notes: FileNote[];
    }
  | { ok: false; problem: FileProblem };

/**
 * Reads a CSV or XLSX into lead items, one per non-empty row, numbered as the sheet numbers
 * them. Memory and time are bounded whatever the file: rows are collected while the file is
 * parsed (streamed), at most `maxRows` are kept and the reading stops after `maxRowsRead` rows,
 * cells past `maxColumns` are never kept, and the event loop runs between pieces of the file.
 */
export async function readLeadFile(
  file: { filename?: string; contentType?: string; data: Uint8Array },
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
): Promise<ReadResult> {
  if (file.data.length > limits.maxBytes) return { ok: false, problem: { kind: "too_large", bytes: file.data.length, limit: limits.maxBytes } };
  if (file.data.length === 0) return { ok: false, problem: { kind: "empty", filename: file.filename } };
  const format = detectFormat(file);
  if (typeof format !== "string") return { ok: false, problem: format.unsupported };
  const maxColumns = limits.maxColumns ?? LIMITS.fileColumns;
  const collector = new RowCollector({ maxRows: limits.maxRows, maxRowsRead: limits.maxRowsRead ?? ROWS_READ_PER_ROW * limits.maxRows });
  const read = format === "csv" ? await readCsv(file.data, maxColumns, collector) : await readXlsx(file.data, maxColumns, collector);
  if (!read.ok) return read;
  return toItems(format, collector, read.encoding, { ...limits, maxColumns });
}

type Read = { ok: true; encoding: TextEncodingName } | { ok: false; problem: FileProblem };

/** The text encodings a CSV is read in: UTF-8, or what Excel's plain "CSV" saves in these locales. */
export type TextEncodingName = "utf-8" | "utf-16le" | "windows-1251" | "windows-1250" | "windows-1252";

const NOT_TEXT = { ok: false, problem: { kind: "csv_encoding_unknown" } } as const;

/**
 * A CSV's text. UTF-8 is decoded strictly: a lenient decoder turns every byte of a
 * Windows-1251/1250/1252 file (what Excel's plain "CSV" saves in Russian, Ukrainian, Polish or
 * German locales) into U+FFFD, and a re-import would then overwrite good names with "����".
 * Bytes that are not UTF-8 are read in the legacy code page they look like.
 */
export function decodeCsvText(data: Uint8Array): { ok: true; text: string; encoding: TextEncodingName } | { ok: false; problem: FileProblem } {
  if (data[0] === 0xff && data[1] === 0xfe) return { ok: true, text: new TextDecoder("utf-16le").decode(data.subarray(2)), encoding: "utf-16le" };
  const body = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body), encoding: "utf-8" };
  } catch {
    // Not UTF-8: one of the single-byte code pages below.
  }
  if (body.includes(0)) return NOT_TEXT;
  const encoding = legacyCodePage(body);
  const text = new TextDecoder(encoding).decode(body);
  // Control characters (C1, or bytes a code page leaves undefined) mean it was not this code page, or not text.
  if (/[\u0080-\u009f]/.test(text)) return NOT_TEXT;
  return { ok: true, text, encoding };
}

const isAsciiLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/**
 * Which single-byte code page non-UTF-8 bytes look like. Cyrillic words are made of bytes
 * 0x80–0xFF only ("Иван" is C8 E2 E0 ED), while most Latin-script words mix them with ASCII
 * letters ("Müller", "Łoś"), so more all-high words than mixed ones means Windows-1251. Among
 * the Latin ones, Windows-1250 wins when more of its letters sit in words (ł, ą, ż, ś are the
 * symbols ³, ¹, ¿, œ in Windows-1252); a tie is Windows-1252. A wrong guess is possible
 * (Czech in 1250 reads as plausible 1252), which is why the answer names the guess.
 */
function legacyCodePage(data: Uint8Array): "windows-1251" | "windows-1250" | "windows-1252" {
  let allHigh = 0;
  let mixed = 0;
  for (let i = 0; i < data.length; ) {
    if (!isAsciiLetter(data[i]!) && data[i]! < 0x80) {
      i++;
      continue;
    }
    let high = 0;
    let ascii = 0;
    for (; i < data.length && (isAsciiLetter(data[i]!) || data[i]! >= 0x80); i++) {
      if (data[i]! >= 0x80) high++;
      else ascii++;
    }
    if (high > 0 && ascii > 0) mixed++;
    else if (high >= 2) allHigh++;
  }
  if (allHigh > mixed) return "windows-1251";
  return lettersInWords(data, "windows-1250") > lettersInWords(data, "windows-1252") ? "windows-1250" : "windows-1252";
}

/**
 * How many non-ASCII bytes decode to a letter next to another letter. A table of which bytes are
 * letters in this code page, not the decoded text: a 5 MB file is one pass over its bytes.
 */
function lettersInWords(data: Uint8Array, encoding: string): number {
  const letter = new Uint8Array(256);
  const decoder = new TextDecoder(encoding);
  for (let b = 0; b < 256; b++) letter[b] = /\p{L}/u.test(decoder.decode(Uint8Array.of(b))) ? 1 : 0;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b >= 0x80 && letter[b] && ((i > 0 && letter[data[i - 1]!]) || (i + 1 < data.length && letter[data[i + 1]!]))) count++;
  }
  return count;
}

async function readCsv(data: Uint8Array, maxColumns: number, collector: RowCollector): Promise<Read> {
  const decoded = decodeCsvText(data);
  if (!decoded.ok) return decoded;
  const { text, encoding } = decoded;
  const read = await readCsvRows(text, detectDelimiter(text), maxColumns, ({ row, cells, ignoredCells }) =>
    collector.add({ row, cells: cells.map((c) => (typeof c === "string" ? unescapeCsvCell(c) : c)), ignoredCells }),
  );
  return read.ok ? { ok: true, encoding } : read;
}

/** Undoes our export's guard against formulas ('=SUM…, '+4930…), so a round trip gives back what was stored. */
function unescapeCsvCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/**
 * An XLSX unpacks to many times its size; past this much XML it is a zip bomb, not a lead list
 * (10,000 rows of a wide sheet unpack to a few MB).
 */
export const MAX_UNZIPPED_BYTES = 50 * 1_048_576;

/** Inflates a raw DEFLATE stream only to count its bytes; stops (null) past `budget` or on damage. */
function inflatedSize(compressed: Uint8Array, budget: number): Promise<number | null> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw({ chunkSize: 65_536 });
    let size = 0;
    inflate.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > budget) {
        inflate.destroy();
        resolve(null);
      }
    });
    inflate.on("error", () => resolve(null));
    inflate.on("end", () => resolve(size));
    inflate.end(compressed);
  });
}

/**
 * The archive's real unpacked size, or null once it passes `cap` (or the archive is damaged,
 * encrypted or compressed in a way JSZip would not read either). The sizes an archive declares
 * are not trusted: a bomb declares 1 KB and unpacks 300 MB. So every entry is really inflated,
 * streaming 64 KB at a time and dropping each chunk once counted: memory stays at a chunk and
 * the work stops as soon as the running total passes the cap, before exceljs unpacks anything.
 */
export async function unzippedBytesWithin(data: Uint8Array, cap: number = MAX_UNZIPPED_BYTES): Promise<number | null> {
  const entries = zipEntries(data);
  if (!entries) return null;
  let total = 0;
  for (const entry of entries) {
    if (entry.flags & 0x1) return null; // encrypted
    let size: number | null;
    if (entry.method === 0) size = entry.compressed.length;
    else if (entry.method === 8) size = await inflatedSize(entry.compressed, cap - total);
    else return null;
    if (size === null) return null;
    total += size;
    if (total > cap) return null;
  }
  return total;
}

// exceljs takes ~0.5 s to load: loaded on the first XLSX, not at every start of the bot.
async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import("exceljs")).default;
}

async function readXlsx(data: Uint8Array, maxColumns: number, collector: RowCollector): Promise<Read> {
  if ((await unzippedBytesWithin(data)) === null) {
    return { ok: false, problem: { kind: "xlsx_unsafe" } };
  }
  const read = await readSheetRows(data, maxColumns, collector.add);
  if (!read.ok) return { ok: false, problem: { kind: "xlsx_damaged" } };
  if (!read.sheetFound) return { ok: false, problem: { kind: "no_rows", workbook: true } };
  return { ok: true, encoding: "utf-8" };
}

function toItems(format: LeadFileFormat, collector: RowCollector, encoding: TextEncodingName, limits: ImportLimits & { maxColumns: number }): ReadResult {
  const dataRows = collector.dataRows;
  if (dataRows > limits.maxRows) {
    return { ok: false, problem: { kind: "too_many_rows", rows: dataRows, atLeast: collector.stoppedEarly, max: limits.maxRows } };
  }
  if (collector.stoppedEarly) {
    return { ok: false, problem: { kind: "too_many_rows_read", read: collector.read, empty: collector.read - collector.nonEmpty } };
  }
  const [header, ...body] = collector.rows;
  if (!header) return { ok: false, problem: { kind: "no_rows", workbook: false } };
  const columns = header.cells.map((c) => (isEmptyCell(c) ? ({ kind: "ignored" } as Column) : columnOf(cellText(c))));
  const fields = new Set(columns.flatMap((c) => (c.kind === "field" ? [c.field] : [])));
  if (!fields.has("email") && !fields.has("phone") && !fields.has("externalId")) {
    return { ok: false, problem: { kind: "no_identity_column" } };
  }
  if (body.length === 0) return { ok: false, problem: { kind: "no_leads_under_header" } };
  const rows: FileRow[] = [];
  const problems: RowProblem[] = [];
  for (const { row, cells } of body) {
    const made = rowItem(columns, cells);
    if (made.ok) rows.push({ row, item: made.item });
    else problems.push({ row, reason: made.reason, cell: made.cell });
  }
  const notes: FileNote[] = collector.rowsWithIgnoredCells > 0 ? [{ kind: "ignored_columns", rows: collector.rowsWithIgnoredCells, maxColumns: limits.maxColumns }] : [];
  return { ok: true, format, encoding, rows, problems, notes };
}

function cellText(cell: Cell): string {
  if (cell instanceof Date) return cell.toISOString();
  return String(cell ?? "").trim();
}

/** Whole and decimal numbers; "007" and "+4930…" stay text (codes and phones keep their form). */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

function attributeValue(cell: Cell): string | number | boolean {
  if (typeof cell === "number" || typeof cell === "boolean") return cell;
  if (cell instanceof Date) return isoDay(cell) ?? cell.toISOString();
  const text = cellText(cell);
  return NUMBER.test(text) && text.length <= 15 ? Number(text) : text;
}

/** A date cell at midnight UTC is a day, written as 2026-03-31. */
function isoDay(date: Date): string | null {
  return date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 ? date.toISOString().slice(0, 10) : null;
}

function rowItem(columns: Column[], cells: Cell[]): { ok: true; item: Record<string, unknown> } | { ok: false; reason: string; cell: CellProblem } {
  const item: Record<string, unknown> = {};
  const attributes: Record<string, string | number | boolean> = {};
  let first = "";
  let last = "";
  for (const [i, cell] of cells.entries()) {
    const column = columns[i];
    if (!column || column.kind === "ignored" || isEmptyCell(cell)) continue;
    if (column.kind === "attribute") {
      attributes[column.key] = attributeValue(cell);
      continue;
    }
    const text = cellText(cell);
    switch (column.field) {
      case "firstName":
        first = text;
        break;
      case "lastName":
        last = text;
        break;
      case "cycleDays": {
        const days = typeof cell === "number" ? cell : Number(text);
        if (!Number.isInteger(days) || days < 1) return { ok: false, reason: `cycle days "${text}" is not a whole number of days`, cell: { column: "cycle_days", typed: text } };
        item.cycleDays = days;
        break;
      }
      case "lastPurchaseAt": {
        const at = cell instanceof Date ? cell : parseDate(text);
        if (!at) return { ok: false, reason: `last purchase "${text}" is not a date (write it like 2026-03-31)`, cell: { column: "last_purchase", typed: text } };
        item.lastPurchaseAt = at.toISOString();
        break;
      }
      default:
        item[column.field] = text;
    }
  }
  if (item.name === undefined && (first || last)) item.name = `${first} ${last}`.trim();
  if (Object.keys(attributes).length > 0) item.attributes = attributes;
  return { ok: true, item };
}

function parseDate(text: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = new Date(`${text}T00:00:00Z`);
    return Number.isNaN(day.getTime()) ? null : day;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}

// ---- writing -------------------------------------------------------------------------------------

export interface ExportLead {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  title: string | null;
  externalId: string | null;
  lastPurchaseAt: Date | null;
  cycleDays: number | null;
  score: number;
  tier: string;
  stage: string;
  owner: string | null;
  attributes: Record<string, unknown>;
}

type OutCell = string | number | boolean | null;

const FIXED_COLUMNS = ["id", "name", "email", "phone", "company", "title", "external_id", "last_purchase", "cycle_days", "score", "tier", "stage", "owner"] as const;

/**
 * The sheet as rows: the header, then one row per lead, attributes in columns of their own
 * (sorted by name). At most `maxAttributeColumns` of them: the names the most leads use (ties
 * by name), so a team whose leads carry thousands of one-off names still gets a file a
 * spreadsheet opens, in bounded time and memory; `omittedAttributeColumns` counts the rest.
 */
export function exportTable(
  leads: readonly ExportLead[],
  maxAttributeColumns: number = LIMITS.attributeKeysPerTeam,
): { table: OutCell[][]; omittedAttributeColumns: number } {
  const uses = new Map<string, number>();
  for (const lead of leads) for (const key of Object.keys(lead.attributes)) uses.set(key, (uses.get(key) ?? 0) + 1);
  const byUse = [...uses].sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
  const keys = byUse.slice(0, maxAttributeColumns).map(([key]) => key).sort((a, b) => a.localeCompare(b));
  const header: OutCell[] = [...FIXED_COLUMNS, ...keys.map((k) => (reserved(k) ? `${ATTRIBUTE_PREFIX}${k}` : k))];
  const rows = leads.map((l): OutCell[] => [
    l.id,
    l.name,
    l.email,
    l.phone,
    l.company,
    l.title,
    l.externalId,
    l.lastPurchaseAt ? (isoDay(l.lastPurchaseAt) ?? l.lastPurchaseAt.toISOString()) : null,
    l.cycleDays,
    l.score,
    l.tier,
    l.stage,
    l.owner,
    ...keys.map((k) => attributeOut(l.attributes[k])),
  ]);
  return { table: [header, ...rows], omittedAttributeColumns: byUse.length - keys.length };
}

function attributeOut(value: unknown): OutCell {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, and tab or CR before them) gets a
 * leading apostrophe, which spreadsheets show as text. Numbers are written as numbers.
 */
export function guardCsvCell(value: OutCell): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function writeCsv(table: OutCell[][]): Uint8Array {
  // The BOM makes Excel read the file as UTF-8 (names with ü, ł, я survive a double-click).
  const text = stringifyCsv(table.map((row) => row.map(guardCsvCell)), { bom: true, record_delimiter: "\r\n" });
  return new TextEncoder().encode(text);
}

/** Every text is written as a string cell, never a formula, whatever it starts with. */
export async function writeXlsx(table: OutCell[][]): Promise<Uint8Array> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = "Lead bot";
  const sheet = workbook.addWorksheet("Leads", { views: [{ state: "frozen", ySplit: 1 }] });
  for (const row of table) {
    // A plain string value is stored as a string cell: exceljs writes a formula only when
    // given { formula }, which we never do (test/import-export checks "=…" stays text).
    sheet.addRow(row.map((v) => v ?? null));
  }
  sheet.getRow(1).font = { bold: true };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
