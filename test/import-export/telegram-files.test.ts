/**
 * Files over Telegram: the real telegraf bot against the fake Bot API, which takes multipart
 * uploads (sendDocument, sendPhoto) and serves documents people send (getFile + file URL).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Telegram } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import { CONTENT_TYPES } from "../../src/services/lead-file.js";
import { downloadDocument } from "../../src/platforms/telegram/telegram.files.js";
import { dm, MIA, RITA, SALES, shown, startHarness, STRANGER, type Harness } from "../telegram/harness.js";

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
  it("/lead export xlsx in a group sends the document to the person's private chat, never to the group", async () => {
    const before = h.fake.filesSentTo(SALES.id).length;
    const calls = await h.say(SALES, RITA, "/lead export xlsx");
    const text = shown(calls).join("\n");
    expect(text).toMatch(/Here is 1 lead as XLSX: leads-2026-06-01\.xlsx/);
    expect(text).toMatch(/I sent the file to you in a private message/);
    expect(calls.find((c) => c.method === "sendMessage")?.body.chat_id).toBe(SALES.id);
    expect(h.fake.filesSentTo(SALES.id)).toHaveLength(before);
    const [file] = h.fake.filesSentTo(RITA.id).slice(-1);
    expect(file).toMatchObject({ method: "sendDocument", filename: "leads-2026-06-01.xlsx", caption: "1 lead (XLSX)" });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file!.data as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual(["id", "name", "email", "phone", "company"]);
    expect((sheet.getRow(2).values as unknown[]).slice(2, 6)).toEqual(["Jana Novak", "jana@acme.example", undefined, "Acme Logistics"]);
  });

  it("sends the export in the group, with a hint, to someone who never started a private chat with the bot", async () => {
    const calls = await h.say(SALES, MIA, "/lead export csv");
    // Telegram refuses a bot's first word to a person (403); the file goes where the answer goes.
    expect(calls.some((c) => c.method === "sendDocument" && c.body.chat_id === String(MIA.id))).toBe(true);
    const text = shown(calls).join("\n");
    expect(text).toMatch(/Here is 1 lead as CSV/);
    expect(text).toMatch(/open a chat with @LeadTestBot and send \/start/);
    expect(text).not.toMatch(/I sent the file to you/);
    expect(h.fake.filesSentTo(SALES.id).slice(-1)[0]).toMatchObject({ method: "sendDocument", filename: "leads-2026-06-01.csv" });
    expect(h.fake.filesSentTo(MIA.id)).toEqual([]);
  });

  it("sends the export right in the private chat when asked there", async () => {
    const calls = await h.say(dm(RITA), RITA, "/lead export csv");
    expect(shown(calls).join("\n")).not.toMatch(/private message/);
    expect(h.fake.filesSentTo(RITA.id).slice(-1)[0]).toMatchObject({ method: "sendDocument", filename: "leads-2026-06-01.csv" });
  });

  it("answers a stranger's document like a stranger's command, without fetching the file", async () => {
    const calls = await h.sendFile(dm(STRANGER), STRANGER, { data: csv("email\nsneaky@example.com\n"), file_name: "sneaky.csv", mime_type: "text/csv" });
    expect(shown(calls).join("\n")).toMatch(/I don't know your team yet/);
    expect(calls.map((c) => c.method)).not.toContain("getFile");
    expect(calls.map((c) => c.method)).not.toContain("file.download");
    const captioned = await h.sendFile(dm(STRANGER), STRANGER, { data: csv("email\nsneaky@example.com\n"), file_name: "sneaky.csv", mime_type: "text/csv", caption: "/lead import" });
    expect(captioned.map((c) => c.method)).not.toContain("getFile");
    expect(await h.store.prisma.lead.count({ where: { email: "sneaky@example.com" } })).toBe(0);
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

  it("reads a document from a self-hosted Bot API server in --local mode (a file: URL with the server's host)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tg-local-"));
    try {
      const path = join(dir, "local leads.csv");
      await writeFile(path, "email\nlocal@example.com\n");
      // getFile answers with the absolute path; telegraf makes it file://127.0.0.1/… from the API root.
      const calls = await h.sendFile(dm(RITA), RITA, { data: csv(""), file_name: "local.csv", mime_type: "text/csv", localPath: path });
      expect(calls.map((c) => c.method)).not.toContain("file.download");
      expect(shown(calls).join("\n")).toMatch(/Imported local\.csv: 1 new lead/);
      expect(await h.store.prisma.lead.count({ where: { email: "local@example.com" } })).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a --local mode file over the limit without reading it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tg-local-"));
    try {
      const path = join(dir, "big.csv");
      await writeFile(path, "email\n" + "x@example.com\n".repeat(100));
      const telegram = { getFileLink: async () => new URL(`file://bot-api.internal${path}`) } as unknown as Telegram;
      const document = { file_id: "F1", file_unique_id: "U1", file_name: "big.csv" };
      expect(await downloadDocument(telegram, document, 100)).toEqual({ ok: false, message: expect.stringMatching(/more than/) });
      const read = await downloadDocument(telegram, document, 10_000);
      expect(read.ok && Buffer.from(read.file.data).toString().startsWith("email\nx@example.com")).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
