/**
 * Reading the first non-empty sheet of an XLSX as rows of plain cells, streamed: the sheet's
 * XML is inflated 64 KB at a time and parsed as it arrives, only cells up to a column cap are
 * kept, and the reading stops as soon as the caller has seen enough rows.
 *
 * Why not exceljs here (it still writes our exports): its `xlsx.load` builds a Cell object for
 * every cell of the whole sheet (about 700 bytes a cell: a tall 550,000-row sheet took 6 s and
 * 620 MB), and its streaming reader writes each sheet to a temporary file whenever the shared
 * strings come after it in the archive, which is where Excel and exceljs itself put them, and
 * leaves that file behind when reading stops early. What we need from a sheet is small: shared
 * strings, which cells are dates, and each cell's value. The XML parser is saxes (the one
 * exceljs and jsdom use).
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { setImmediate as nextTurn } from "node:timers/promises";
import { createInflateRaw, inflateRaw } from "node:zlib";
import { promisify } from "node:util";
import type { Cell, RowSink } from "./lead-file-rows.js";

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressed: Uint8Array;
}

/**
 * The entries of a ZIP archive, found the way JSZip finds them: the central directory names
 * each entry's local header and compressed size. Null for an archive that is damaged or uses
 * ZIP64, which no honest lead sheet needs.
 */
export function zipEntries(data: Uint8Array): ZipEntry[] | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // The end-of-central-directory record sits in the last 22 bytes plus at most a 64 KB comment.
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) return null;
  const names = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > data.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    if (size === 0xffffffff || local === 0xffffffff) return null;
    if (at + 46 + nameLength > data.length) return null;
    if (local + 30 > data.length || view.getUint32(local, true) !== 0x04034b50) return null;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + size > data.length) return null;
    const name = names.decode(data.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, method, flags, compressed: data.subarray(start, start + size) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

export type SheetReadResult = { ok: true; sheetFound: boolean } | { ok: false; reason: "damaged" };

const inflateRawAsync = promisify(inflateRaw);
const CHUNK = 65_536;

class Damaged extends Error {}

/**
 * Reads the first sheet (in the workbook's order) that has a non-empty cell, handing `sink`
 * each of its rows (even one whose cells are all empty, so the caller can bound how many it
 * reads), numbered as the sheet numbers it, with its cells in columns
 * 1..`maxColumns`; `ignoredCells` says the row had a value further right. The archive must
 * already be known not to unpack to more than the caller accepts (`unzippedBytesWithin`).
 */
export async function readSheetRows(data: Uint8Array, maxColumns: number, sink: RowSink): Promise<SheetReadResult> {
  try {
    const entries = zipEntries(data);
    if (!entries) throw new Damaged();
    const byName = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
    const text = async (name: string) => {
      const entry = byName.get(name.toLowerCase());
      return entry ? new TextDecoder().decode(await inflated(entry)) : null;
    };
    const workbook = await text("xl/workbook.xml");
    const rels = await text("xl/_rels/workbook.xml.rels");
    if (workbook === null || rels === null) throw new Damaged();
    const book = await parseWorkbook(workbook, rels);
    const styles = await text("xl/styles.xml");
    const dateStyles = styles === null ? new Set<number>() : await parseDateStyles(styles);
    const shared = await text("xl/sharedStrings.xml");
    const strings = shared === null ? [] : await parseSharedStrings(shared);
    const context: SheetContext = { strings, dateStyles, date1904: book.date1904, maxColumns };
    for (const path of book.sheets) {
      const entry = byName.get(path.toLowerCase());
      if (!entry) continue;
      if (await readSheet(entry, context, sink)) return { ok: true, sheetFound: true };
    }
    return { ok: true, sheetFound: false };
  } catch (error) {
    if (error instanceof Damaged || isZlibError(error)) return { ok: false, reason: "damaged" };
    throw error;
  }
}

const isZlibError = (error: unknown) => typeof (error as { code?: unknown } | null)?.code === "string" && String((error as { code: string }).code).startsWith("Z_");

async function inflated(entry: ZipEntry): Promise<Uint8Array> {
  if (entry.flags & 0x1) throw new Damaged(); // encrypted
  if (entry.method === 0) return entry.compressed;
  if (entry.method === 8) return inflateRawAsync(entry.compressed);
  throw new Damaged();
}

/** The local part of a possibly prefixed XML name ("x:c" → "c"): some writers prefix SpreadsheetML. */
const local = (name: string) => {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
};

/** An XML parser that gives up on the first error: a sheet that is not well-formed is damaged. */
function parser(): SaxesParser {
  const xml = new SaxesParser({ position: false });
  xml.on("error", () => {
    throw new Damaged();
  });
  return xml;
}

/** Feeds a whole XML text to a parser 64 KB at a time, letting the event loop run in between. */
async function feed(xml: SaxesParser, text: string): Promise<void> {
  for (let at = 0; at < text.length; at += CHUNK) {
    xml.write(text.slice(at, at + CHUNK));
    if (at + CHUNK < text.length) await nextTurn();
  }
  xml.close();
}

/** The sheets' paths inside the archive, in the workbook's order, and its date system. */
async function parseWorkbook(workbook: string, rels: string): Promise<{ sheets: string[]; date1904: boolean }> {
  const targets = new Map<string, string>();
  const relXml = parser();
  relXml.on("opentag", (tag: SaxesTagPlain) => {
    if (local(tag.name) === "Relationship" && tag.attributes.Id && tag.attributes.Target) targets.set(tag.attributes.Id, tag.attributes.Target);
  });
  await feed(relXml, rels);
  const sheets: string[] = [];
  let date1904 = false;
  const bookXml = parser();
  bookXml.on("opentag", (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === "workbookPr") date1904 = tag.attributes.date1904 === "1" || tag.attributes.date1904 === "true";
    if (name !== "sheet") return;
    const id = Object.entries(tag.attributes).find(([key]) => local(key) === "id" && key.includes(":"))?.[1];
    const target = id ? targets.get(id) : undefined;
    if (target) sheets.push(target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  });
  await feed(bookXml, workbook);
  return { sheets, date1904 };
}

/** Excel's built-in number formats that show a date or a time. */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format shows a date when, outside quoted text and [brackets], it has a date or time letter (as exceljs decides). */
const isDateFormat = (code: string) => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));

/** Which cell styles (indexes into cellXfs, a cell's `s`) show a date. */
async function parseDateStyles(styles: string): Promise<Set<number>> {
  const customDates = new Set<number>();
  const dateStyles = new Set<number>();
  let inCellXfs = false;
  let index = 0;
  const xml = parser();
  xml.on("opentag", (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === "numFmt" && isDateFormat(tag.attributes.formatCode ?? "")) customDates.add(Number(tag.attributes.numFmtId));
    else if (name === "cellXfs") inCellXfs = true;
    else if (name === "xf" && inCellXfs) {
      const format = Number(tag.attributes.numFmtId ?? 0);
      if (BUILTIN_DATE_FORMATS.has(format) || customDates.has(format)) dateStyles.add(index);
      index++;
    }
  });
  xml.on("closetag", (tag: SaxesTagPlain) => {
    if (local(tag.name) === "cellXfs") inCellXfs = false;
  });
  await feed(xml, styles);
  return dateStyles;
}

/** The shared strings, rich text as its plain text; phonetic guides (rPh) are not the text. */
async function parseSharedStrings(sharedStrings: string): Promise<string[]> {
  const strings: string[] = [];
  let current = "";
  let inText = false;
  let inPhonetic = false;
  const xml = parser();
  xml.on("opentag", (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === "si") current = "";
    else if (name === "t") inText = !inPhonetic;
    else if (name === "rPh") inPhonetic = true;
  });
  xml.on("text", (value: string) => {
    if (inText) current += value;
  });
  xml.on("closetag", (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === "t") inText = false;
    else if (name === "rPh") inPhonetic = false;
    else if (name === "si") strings.push(current);
  });
  await feed(xml, sharedStrings);
  return strings;
}

interface SheetContext {
  strings: string[];
  dateStyles: Set<number>;
  date1904: boolean;
  maxColumns: number;
}

/** A1-style reference → column number (A = 1, XFD = 16,384); 0 when there is none. */
function columnOf(ref: string | undefined): number {
  if (!ref) return 0;
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return column;
}

/** Excel's day number (days since 1899-12-30, or 1904-01-01) as a moment, as exceljs converts it. */
function excelDate(days: number, date1904: boolean): Date {
  return new Date(Math.round((days - 25_569 + (date1904 ? 1_462 : 0)) * 86_400_000));
}

/**
 * One sheet's rows into `sink`. True when the sheet had a non-empty cell (the sheet the file's
 * leads are on), false for an empty sheet, so the caller tries the next one.
 */
async function readSheet(entry: ZipEntry, context: SheetContext, sink: RowSink): Promise<boolean> {
  const { strings, dateStyles, date1904, maxColumns } = context;
  let found = false;
  let stopped = false;
  let rowNumber = 0;
  let cells: Cell[] = [];
  let ignoredCells = false;
  let rowHasCell = false;
  // The cell being read: its column, type, style and text (<v>, or <is>'s <t> runs).
  let column = 0;
  let type = "n";
  let style = 0;
  let text: string | null = null;
  let inValue = false;
  let inPhonetic = false;

  const cellValue = (): Cell => {
    if (text === null) return null;
    switch (type) {
      case "s": {
        const shared = strings[Number(text)];
        return shared === undefined ? null : shared;
      }
      case "str":
      case "inlineStr":
        return text;
      case "b":
        return text.trim() !== "0" && text.trim() !== "";
      case "e":
        return null;
      case "d": {
        const at = new Date(text);
        return Number.isNaN(at.getTime()) ? text : at;
      }
      default: {
        if (text.trim() === "") return null;
        const number = Number(text);
        if (Number.isNaN(number)) return text;
        return dateStyles.has(style) ? excelDate(number, date1904) : number;
      }
    }
  };

  const xml = parser();
  xml.on("opentag", (tag: SaxesTagPlain) => {
    if (stopped) return;
    switch (local(tag.name)) {
      case "row":
        rowNumber = tag.attributes.r ? Number(tag.attributes.r) : rowNumber + 1;
        cells = [];
        ignoredCells = false;
        rowHasCell = false;
        column = 0;
        break;
      case "c":
        // A cell without a reference is the one after the previous cell.
        column = columnOf(tag.attributes.r) || column + 1;
        type = tag.attributes.t ?? "n";
        style = tag.attributes.s ? Number(tag.attributes.s) : 0;
        text = null;
        break;
      case "v":
        inValue = true;
        if (text === null) text = "";
        break;
      case "t":
        if (!inPhonetic) {
          inValue = true;
          if (text === null) text = "";
        }
        break;
      case "rPh":
        inPhonetic = true;
        break;
    }
  });
  xml.on("text", (value: string) => {
    if (inValue && !stopped) text += value;
  });
  xml.on("closetag", (tag: SaxesTagPlain) => {
    if (stopped) return;
    switch (local(tag.name)) {
      case "v":
      case "t":
        inValue = false;
        break;
      case "rPh":
        inPhonetic = false;
        break;
      case "c": {
        const value = cellValue();
        if (value === null || (typeof value === "string" && value.trim() === "")) break;
        rowHasCell = true;
        if (column > maxColumns) ignoredCells = true;
        else {
          while (cells.length < column - 1) cells.push(null);
          cells[column - 1] = value;
        }
        break;
      }
      case "row":
        if (rowHasCell) found = true;
        if (!sink({ row: rowNumber, cells, ignoredCells })) stopped = true;
        break;
    }
  });

  const inflate = createInflateRaw({ chunkSize: CHUNK });
  const decoder = new TextDecoder();
  if (entry.flags & 0x1 || (entry.method !== 0 && entry.method !== 8)) throw new Damaged();
  const chunks: AsyncIterable<Uint8Array> = entry.method === 0 ? slices(entry.compressed) : inflate;
  if (entry.method === 8) inflate.end(entry.compressed);
  try {
    for await (const chunk of chunks) {
      xml.write(decoder.decode(chunk, { stream: true }));
      if (stopped) break;
      await nextTurn();
    }
    if (!stopped) xml.close();
  } finally {
    inflate.destroy();
  }
  return found;
}

async function* slices(data: Uint8Array): AsyncIterable<Uint8Array> {
  for (let at = 0; at < data.length; at += CHUNK) yield data.subarray(at, at + CHUNK);
}
