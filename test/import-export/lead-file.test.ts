/** Reading lead files without a database: the guards that run before anything is parsed. */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { declaredUnzippedBytes, detectFormat, guardCsvCell, readLeadFile } from "../../src/services/lead-file.js";

async function smallXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Leads").addRows([["email"], ["a@example.com"]]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Rewrites the first central-directory entry's declared unpacked size, as a zip bomb would declare it. */
function declareHuge(data: Uint8Array, bytes: number): Uint8Array {
  const copy = new Uint8Array(data);
  const view = new DataView(copy.buffer);
  for (let i = 0; i < copy.length - 4; i++) {
    if (view.getUint32(i, true) === 0x02014b50) {
      view.setUint32(i + 24, bytes, true);
      return copy;
    }
  }
  throw new Error("no central directory");
}

describe("lead files", () => {
  it("refuses an XLSX that declares it unpacks to hundreds of megabytes, before unpacking it", async () => {
    const xlsx = await smallXlsx();
    expect(declaredUnzippedBytes(xlsx)).toBeGreaterThan(xlsx.length);
    const bomb = declareHuge(xlsx, 300 * 1_048_576);
    const read = await readLeadFile({ filename: "bomb.xlsx", data: bomb });
    expect(read).toEqual({ ok: false, message: expect.stringMatching(/could not open that XLSX file safely/) });
    expect((await readLeadFile({ filename: "fine.xlsx", data: xlsx })).ok).toBe(true);
  });

  it("tells CSV from XLSX by the bytes, whatever the chat platform called the file", () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]);
    const text = new TextEncoder().encode("email\n");
    expect(detectFormat({ filename: "leads.xlsx", contentType: "application/octet-stream", data: zip })).toBe("xlsx");
    expect(detectFormat({ data: zip })).toBe("xlsx");
    expect(detectFormat({ filename: "leads.csv", contentType: "application/vnd.ms-excel", data: text })).toBe("csv");
    expect(detectFormat({ filename: "export.txt", contentType: "text/plain", data: text })).toBe("csv");
    expect(detectFormat({ filename: "photos.zip", contentType: "application/zip", data: zip })).toEqual({ unsupported: expect.stringMatching(/archive/) });
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
