/**
 * Lead files as a careless client or an attacker sends them (issue 10), and normal ones to
 * compare with. Used by the tests beside this file and by bench/files.ts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { crc32, deflateRawSync } from "node:zlib";

const MB = 1_048_576;
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A ZIP archive of the given files, deflated: just enough of the format for an XLSX. */
export function zip(files: Record<string, string>): Uint8Array<ArrayBuffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text, "utf8");
    const packed = deflateRawSync(raw);
    const fileName = Buffer.from(name, "utf8");
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, packed);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  const bytes = Buffer.concat([...locals, directory, end]);
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Column number → letters (1 → A, 16,384 → XFD). */
export function columnLetters(column: number): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** An XLSX of one sheet; each row maps column numbers to text (inline strings) or numbers. */
export function xlsx(rows: Array<Record<number, string | number>>): Uint8Array<ArrayBuffer> {
  const sheetRows = rows.map((cells, i) => {
    const r = i + 1;
    const xml = Object.entries(cells).map(([column, value]) => {
      const ref = `${columnLetters(Number(column))}${r}`;
      return typeof value === "number" ? `<c r="${ref}"><v>${value}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(value)}</t></is></c>`;
    });
    return `<row r="${r}">${xml.join("")}</row>`;
  });
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return zip({
    "[Content_Types].xml":
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ${ns}><sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${ns}><sheetData>${sheetRows.join("")}</sheetData></worksheet>`,
  });
}

/** Issue 10, point 1: a header and `rows` leads, each with a value in column XFD (the last, 16,384). About 35 KB for 2,000 rows. */
export function sparseXlsx(rows = 2_000): Uint8Array<ArrayBuffer> {
  return xlsx([{ 1: "email", 2: "name" }, ...Array.from({ length: rows }, (_, i) => ({ 1: `far${i}@example.com`, 2: `Far ${i}`, 16_384: "x" }))]);
}

const LEAD_HEADER = ["name", "email", "phone", "company", "title", "external id", "industry", "country", "company size", "source"];
const leadRow = (i: number) => [`Lead ${i}`, `lead${i}@example.com`, `+1 555 ${String(i).padStart(6, "0")}`, `Company ${i % 700}`, "Head of Sales", `crm-${i}`, ["saas", "retail", "fintech"][i % 3]!, ["US", "DE", "CZ"][i % 3]!, (i % 500) + 1, "webinar"];

/** A normal lead list: a header and `rows` leads in 10 columns (about 1 MB for 10,000). */
export function normalCsv(rows = 10_000): Uint8Array<ArrayBuffer> {
  return utf8(`${[LEAD_HEADER, ...Array.from({ length: rows }, (_, i) => leadRow(i))].map((r) => r.join(",")).join("\n")}\n`);
}

/** The same lead list as an XLSX written by exceljs (shared strings, styles: what spreadsheets write). */
export async function normalXlsx(rows = 10_000): Promise<Uint8Array<ArrayBuffer>> {
  const ExcelJS = (await import("exceljs")).default;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Leads");
  sheet.addRow(LEAD_HEADER);
  for (let i = 0; i < rows; i++) sheet.addRow(leadRow(i));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Issue 10, point 2: a header, then `bytes` of blank lines. */
export function blankLinesCsv(bytes = 5 * MB): Uint8Array<ArrayBuffer> {
  const header = "email,name\n";
  return utf8(header + "\n".repeat(bytes - header.length));
}

/** One line of `bytes`: a header of very many short columns and no line break at all. */
export function singleLineCsv(bytes = 5 * MB): Uint8Array<ArrayBuffer> {
  const head = "email,name";
  return utf8(head + ",a".repeat(Math.floor((bytes - head.length) / 2)));
}

/** `columns` columns (an email, then numbers), as many rows as fit in `bytes`; `first` names the first column. */
export function wideCsv(columns = 10_000, bytes = 5 * MB, first = "email"): Uint8Array<ArrayBuffer> {
  const header = [first, ...Array.from({ length: columns - 1 }, (_, i) => `c${i}`)].join(",");
  const tail = ",1".repeat(columns - 1);
  const lines = [header];
  let size = header.length + 1;
  for (let i = 0; size + tail.length + 30 < bytes; i++) {
    const line = `wide${i}@example.com${tail}`;
    lines.push(line);
    size += line.length + 1;
  }
  return utf8(`${lines.join("\n")}\n`);
}

/** This process's peak resident memory (Linux: VmHWM, which `clear_refs` can reset; elsewhere getrusage's, since start). */
function peakRss(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // No /proc: not Linux.
  }
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Runs `work` and says how far resident memory rose above where it was when `work` began, at
 * its peak. The peak is the kernel's high-water mark, reset first where Linux allows it, so a
 * short spike inside synchronous code is counted too. Where it cannot be reset (or on other
 * systems) an earlier, higher peak can only make the figure larger, never smaller.
 */
export async function peakRssAbove<T>(work: () => Promise<T>): Promise<{ value: T; peakBytes: number }> {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // Not Linux, or not allowed: the mark is then the process's peak so far.
  }
  const before = process.memoryUsage().rss;
  const value = await work();
  return { value, peakBytes: Math.max(0, peakRss() - before) };
}
