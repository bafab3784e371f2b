/** Reading lead files without a database: the guards that run before anything is parsed. */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { constants, deflateRawSync } from "node:zlib";
import { decodeCsvText, detectFormat, guardCsvCell, readLeadFile, unzippedBytesWithin, type FileProblem } from "../../src/services/lead-file.js";
import { fileProblemText } from "../../src/views/lead-file.view.js";
import { encodeIn } from "./encodings.js";

/** A refused read with its problem in words, as people are told it. */
const worded = <R extends { ok: true }>(read: R | { ok: false; problem: FileProblem }) => (read.ok ? read : { ok: false, message: fileProblemText(read.problem) });

async function smallXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Leads").addRows([["email"], ["a@example.com"]]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * A ZIP archive built by hand: each entry's header declares `declared` bytes unpacked, whatever
 * its DEFLATE data really gives. CRCs are left at zero; the guard must refuse before anything
 * would check them.
 */
function zipOf(entries: Array<{ name: string; deflated: Uint8Array; declared: number }>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // DEFLATE
    local.writeUInt32LE(entry.deflated.length, 18);
    local.writeUInt32LE(entry.declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.deflated.length, 20);
    central.writeUInt32LE(entry.declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(entry.deflated));
    centrals.push(central, name);
    offset += 30 + name.length + entry.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/**
 * DEFLATE data that unpacks to `megabytes` MB of spaces, built without ever holding them: one
 * MB compressed with a sync flush (so its blocks do not end the stream) repeated, then an
 * empty final block. About 1 KB per MB.
 */
function deflatedSpaces(megabytes: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(1_048_576, 0x20), { finishFlush: constants.Z_SYNC_FLUSH });
  return new Uint8Array(Buffer.concat([...Array.from({ length: megabytes }, () => block), deflateRawSync(Buffer.alloc(0))]));
}

describe("lead files", () => {
  it("refuses an XLSX that declares 1 KB but unpacks to 300 MB, quickly and without unpacking it all", async () => {
    const bomb = zipOf([
      { name: "[Content_Types].xml", deflated: deflateRawSync(Buffer.from('<?xml version="1.0"?><Types/>')), declared: 29 },
      { name: "xl/worksheets/sheet1.xml", deflated: deflatedSpaces(300), declared: 1_024 },
    ]);
    expect(bomb.length).toBeLessThan(400_000);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const read = await readLeadFile({ filename: "bomb.xlsx", data: bomb });
    expect(worded(read)).toEqual({ ok: false, message: expect.stringMatching(/could not open that XLSX file safely/) });
    // Stopped at the 50 MB cap, counting 64 KB chunks it drops: no 300 MB (or 600 MB peak) in memory.
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1_048_576);
    expect(await unzippedBytesWithin(bomb)).toBeNull();
  });

  it("opens an honest XLSX and counts what it really unpacks to", async () => {
    const xlsx = await smallXlsx();
    expect(await unzippedBytesWithin(xlsx)).toBeGreaterThan(xlsx.length);
    expect(await unzippedBytesWithin(xlsx, 100)).toBeNull();
    expect((await readLeadFile({ filename: "fine.xlsx", data: xlsx })).ok).toBe(true);
  });

  it.each([
    ["windows-1251", "name;email\nИван Петров;ivan@example.ru\nСергій Їжак;s@example.ua\n"],
    ["windows-1250", "name,email\nŁukasz Żółć,l@example.pl\nJan Łoś,j@example.pl\nAgnieszka Wąs,a@example.pl\n"],
    ["windows-1252", "name,email\nJürgen Müller,j@example.de\nFrançois Lefèvre,f@example.fr\nPrice £100,p@example.com\n"],
  ] as const)("reads a CSV saved in %s with its letters intact, and names the encoding", (encoding, text) => {
    expect(decodeCsvText(encodeIn(text, encoding))).toEqual({ ok: true, text, encoding });
  });

  it("reads UTF-8 strictly (BOM or not) and refuses bytes it cannot place instead of writing U+FFFD", () => {
    const utf8 = new TextEncoder().encode("\uFEFFname,email\nИван,i@example.ru\n");
    expect(decodeCsvText(utf8)).toEqual({ ok: true, text: "name,email\nИван,i@example.ru\n", encoding: "utf-8" });
    const binary = new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x81, 0x00, 0x8d, 0xff]);
    expect(worded(decodeCsvText(binary))).toEqual({ ok: false, message: expect.stringMatching(/save it as "CSV UTF-8"/i) });
  });

  it("tells CSV from XLSX by the bytes, whatever the chat platform called the file", () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]);
    const text = new TextEncoder().encode("email\n");
    expect(detectFormat({ filename: "leads.xlsx", contentType: "application/octet-stream", data: zip })).toBe("xlsx");
    expect(detectFormat({ data: zip })).toBe("xlsx");
    expect(detectFormat({ filename: "leads.csv", contentType: "application/vnd.ms-excel", data: text })).toBe("csv");
    expect(detectFormat({ filename: "export.txt", contentType: "text/plain", data: text })).toBe("csv");
    const photos = detectFormat({ filename: "photos.zip", contentType: "application/zip", data: zip });
    expect(typeof photos === "string" ? photos : { unsupported: fileProblemText(photos.unsupported) }).toEqual({ unsupported: expect.stringMatching(/archive/) });
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+49 30 123", "'+49 30 123"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=cmd", "'\t=cmd"],
    ["Acme", "Acme"],
    [-5, "-5"],
    [null, ""],
  ] as const)("writes %j into a CSV cell as %j", (value, expected) => {
    expect(guardCsvCell(value)).toBe(expected);
  });
});
