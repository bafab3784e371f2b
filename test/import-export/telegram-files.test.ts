/**
 * Files over Telegram: the real telegraf bot against the fake Bot API, which takes multipart
 * uploads (sendDocument, sendPhoto) and serves documents people send (getFile + file URL).
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import { CONTENT_TYPES } from "../../src/services/lead-file.js";
import { dm, MIA, RITA, SALES, shown, startHarness, type Harness } from "../telegram/harness.js";

let h: Harness;
const csv = (text: string) => new TextEncoder().encode(text);

beforeAll(async () => {
  h = await startHarness();
  await h.say(SALES, MIA, "/start");
  await h.say(SALES, RITA, "/start");
  await h.say(SALES, MIA, '/lead add "Jana Novak" company="Acme Logistics" email=jana@acme.example');
  await h.say(dm(RITA), RITA, "/start");
}, 60_000);
afterAll(async () => h?.close());

const teamId = async () =>
  (await h.store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "telegram", externalId: String(SALES.id) } } })).teamId;

describe("Telegram: files in and out", () => {
  it("/lead export xlsx sends the leads as a document with a caption", async () => {
    const calls = await h.say(SALES, RITA, "/lead export xlsx");
    expect(shown(calls).join("\n")).toMatch(/Here is 1 lead as XLSX: leads-2026-06-01\.xlsx/);
    const [file] = h.fake.filesSentTo(SALES.id).slice(-1);
    expect(file).toMatchObject({ method: "sendDocument", filename: "leads-2026-06-01.xlsx", caption: "1 lead (XLSX)" });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file!.data as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual(["id", "name", "email", "phone", "company"]);
    expect((sheet.getRow(2).values as unknown[]).slice(2, 6)).toEqual(["Jana Novak", "jana@acme.example", undefined, "Acme Logistics"]);
  });

  it("imports a document sent with the caption /lead import and answers with the summary", async () => {
    const calls = await h.sendFile(SALES, RITA, {
      data: csv("Name,E-mail,Company\nJana Novak,jana@acme.example,Acme Group\nPetr,petr@example.cz,Beta\nBad,nope,\n"),
      file_name: "leads.csv",
      mime_type: "text/csv",
      caption: "/lead import",
    });
    expect(calls.map((c) => c.method)).toEqual(expect.arrayContaining(["getFile", "file.download", "sendMessage"]));
    const text = shown(calls).join("\n");
    expect(text).toMatch(/Imported leads\.csv: 1 new lead, 1 updated, 1 row rejected/);
    expect(text).toMatch(/row 4: email is not a valid email address/);
    const leads = await h.store.prisma.lead.findMany({ where: { teamId: await teamId() }, orderBy: { name: "asc" } });
    expect(leads.map((l) => [l.name, l.company])).toEqual([
      ["Jana Novak", "Acme Group"],
      ["Petr", "Beta"],
    ]);
  });

  it("imports a CSV sent without a caption in a private chat, and ignores one sent so in a group", async () => {
    const calls = await h.sendFile(dm(RITA), RITA, { data: csv("email\nprivate@example.com\n"), file_name: "mine.csv", mime_type: "text/csv" });
    expect(shown(calls).join("\n")).toMatch(/Imported mine\.csv: 1 new lead/);
    const inGroup = await h.sendFile(SALES, RITA, { data: csv("email\ngroup@example.com\n"), file_name: "theirs.csv", mime_type: "text/csv" });
    expect(inGroup).toEqual([]);
    expect(await h.store.prisma.lead.count({ where: { email: "group@example.com" } })).toBe(0);
  });

  it("reads an XLSX document", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Leads").addRows([
      ["Full name", "Email", "Employees"],
      ["Xenia", "xenia@example.com", 250],
    ]);
    const calls = await h.sendFile(SALES, MIA, { data: new Uint8Array(await workbook.xlsx.writeBuffer()), file_name: "crm.xlsx", mime_type: CONTENT_TYPES.xlsx, caption: "/lead@LeadTestBot import" });
    expect(shown(calls).join("\n")).toMatch(/Imported crm\.xlsx: 1 new lead/);
    const lead = await h.store.prisma.lead.findFirstOrThrow({ where: { email: "xenia@example.com" } });
    expect(lead.attributes).toEqual({ Employees: 250 });
  });

  it("refuses a document over the size limit without downloading it", async () => {
    const calls = await h.sendFile(SALES, RITA, { data: csv("email\nx@example.com\n"), file_name: "huge.csv", mime_type: "text/csv", caption: "/lead import", file_size: 12 * 1_048_576 });
    expect(shown(calls).join("\n")).toMatch(/That file is 12 MB, more than the 5 MB I import at once/);
    expect(calls.map((c) => c.method)).not.toContain("getFile");
  });

  it("sends any reply's attachments: images as photos, other files as documents", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await h.handle.send(SALES.id, {
      ...reply([{ type: "text", text: "Chart and data" }]),
      attachments: [
        { filename: "trend.png", contentType: "image/png", data: png, title: "Score trend" },
        { filename: "data.csv", contentType: "text/csv", data: csv("a,b\n1,2\n") },
      ],
    });
    const [photo, document] = h.fake.filesSentTo(SALES.id).slice(-2);
    expect(photo).toMatchObject({ method: "sendPhoto", filename: "trend.png", caption: "Score trend" });
    expect(Buffer.compare(photo!.data, Buffer.from(png))).toBe(0);
    expect(document).toMatchObject({ method: "sendDocument", filename: "data.csv" });
    expect(document!.data.toString()).toBe("a,b\n1,2\n");
  });
});
