import ExcelJS from "exceljs";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exportLeadFile, importLeadFile, importLeadFileForTeam } from "../../src/services/lead-transfer.service.js";
import { incompleteMessage } from "../../src/views/lead-file.view.js";
import { CONTENT_TYPES } from "../../src/services/lead-file.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore, refuseLeadsNamed } from "../support/db.js";
import { encodeIn } from "./encodings.js";
import { failureText } from "../../src/views/failure.view.js";

const csv = (text: string, filename = "leads.csv") => ({ filename, contentType: "text/csv", data: new TextEncoder().encode(text) });

/** What a lead is, as an import can give it back (ids, scores and owners are the bot's own). */
function portable(lead: { name: string; email: string | null; phone: string | null; company: string | null; title: string | null; externalId: string | null; attributes: unknown; cycleDays: number | null; lastPurchaseAt: Date | null }) {
  return {
    name: lead.name,
    email: lead.email,
    phone: lead.phone,
    company: lead.company,
    title: lead.title,
    externalId: lead.externalId,
    attributes: lead.attributes,
    cycleDays: lead.cycleDays,
    lastPurchaseAt: lead.lastPurchaseAt?.toISOString() ?? null,
  };
}

/**
 * Lead files in and out on one backend. Run against PGlite and the real PostgreSQL server by
 * the two *.test.ts files beside this one.
 */
export function leadTransferSuite(kind: "pglite" | "postgres") {
  describe(`lead import and export on ${kind}`, () => {
    let store: StoreHandle;
    let team: TeamFixture;

    beforeAll(async () => {
      store = await createTestStore(kind);
      await refuseLeadsNamed(store, "Boom");
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(async () => {
      team = await buildTeam(store.prisma);
    });

    const leadsOf = (teamId: number) => store.prisma.lead.findMany({ where: { teamId }, orderBy: { email: "asc" } });

    async function seedVariedLeads() {
      await buildLead(team, {
        name: "Jana Novák",
        email: "jana@acme.example",
        phone: "+420 601 555 010",
        company: "Acme, s.r.o.",
        title: "Head of Ops",
        externalId: "crm-1",
        attributes: { companySize: 120, country: "CZ", zip: "01234", note: 'says "hi"\nsecond line' },
        lastPurchaseAt: new Date("2026-03-31T00:00:00Z"),
        cycleDays: 90,
      });
      await buildLead(team, { name: "Bob", email: "bob@beta.example", company: "=HYPERLINK(\"http://evil\")", title: "Senior Consultant" });
      await buildLead(team, { name: "Phone Only", phone: "+1 555 010 2000", attributes: { phone_type: "mobile", score: 7 } });
    }

    for (const format of ["csv", "xlsx"] as const) {
      it(`gives back the same leads after a ${format.toUpperCase()} export and an import into another team`, async () => {
        await seedVariedLeads();
        const exported = await exportLeadFile(team.deps, team.rep, { format, filter: "all" });
        if (!exported.ok) throw new Error(failureText(exported.error));
        expect(exported.value).toMatchObject({ count: 3, total: 3, contentType: CONTENT_TYPES[format] });
        expect(exported.value.filename).toMatch(new RegExp(`^leads-2026-06-01\\.${format}$`));

        const other = await buildTeam(store.prisma, { name: "Other" });
        const imported = await importLeadFile(other.deps, other.rep, { filename: exported.value.filename, contentType: exported.value.contentType, data: exported.value.data });
        if (!imported.ok) throw new Error(failureText(imported.error));
        expect(imported.value).toMatchObject({ format, rows: 3, created: 3, updated: 0, rejected: 0 });
        expect((await leadsOf(other.teamId)).map(portable)).toEqual((await leadsOf(team.teamId)).map(portable));
        // Scores follow from what was imported (the consultant title counts −50 in both teams).
        expect((await leadsOf(other.teamId)).map((l) => l.score)).toEqual((await leadsOf(team.teamId)).map((l) => l.score));
      });
    }

    it("imports the good rows of a file and names each bad row by its number, writing nothing for it", async () => {
      const file = csv(
        [
          "name,email,phone,cycle days",
          "Good One,one@example.com,,",
          "Bad Email,not-an-email,,",
          "No Identity,,,",
          "",
          "Bad Cycle,cycle@example.com,,soon",
          "Good Two,,+49 30 1234567,30",
        ].join("\n"),
      );
      const result = await importLeadFile(team.deps, team.rep, file);
      if (!result.ok) throw new Error(failureText(result.error));
      expect(result.value).toMatchObject({ rows: 5, created: 2, updated: 0, rejected: 3 });
      const rejected = result.value.results.filter((r) => r.status === "rejected").map((r) => `row ${r.row}: ${r.reason}`);
      expect(rejected).toEqual([
        "row 3: email is not a valid email address",
        "row 4: the lead needs an email, a phone or an external id",
        'row 6: cycle days "soon" is not a whole number of days',
      ]);
      const stored = await leadsOf(team.teamId);
      expect(stored.map((l) => l.name).sort()).toEqual(["Good One", "Good Two"]);
      expect(stored.find((l) => l.name === "Good Two")).toMatchObject({ phone: "+49301234567", cycleDays: 30 });
    });

    it("rejects a row the database could not store on its own, and imports the rest of the file", async () => {
      // Before the one validation layer, a row like these failed its whole batch of the file.
      const file = csv(
        [
          "name,email,last purchase,company,cycle days,colour",
          "Good One,one@example.com,,,,",
          "Nul\u0000Name,nul@example.com,,,,",
          "Year Zero,zero@example.com,0000-01-01,,,",
          `Long Company,long@example.com,,${"c".repeat(201)},,`,
          "Long Cycle,cycle@example.com,,,99999999999,",
          `Long Colour,colour@example.com,,,,${"r".repeat(1_001)}`,
          "Good Two,two@example.com,2026-01-15,,30,blue",
        ].join("\n"),
      );
      const result = await importLeadFile(team.deps, team.rep, file);
      if (!result.ok) throw new Error(failureText(result.error));
      expect(result.value).toMatchObject({ rows: 7, created: 2, updated: 0, rejected: 5 });
      const rejected = result.value.results.filter((r) => r.status === "rejected").map((r) => `row ${r.row}: ${r.reason}`);
      expect(rejected).toEqual([
        "row 3: name must not contain a NUL character",
        "row 4: lastPurchaseAt is before 1970",
        "row 5: company must be at most 200 characters",
        expect.stringMatching(/^row 6: cycleDays .*3650/),
        "row 7: attributes.colour attribute values must be at most 1000 characters",
      ]);
      expect((await leadsOf(team.teamId)).map((l) => l.name)).toEqual(["Good One", "Good Two"]);
    });

    it("updates leads on a second import of the same file instead of duplicating them", async () => {
      const first = csv("email,name,company\na@example.com,Ann,Acme\nb@example.com,Ben,Beta\n");
      const once = await importLeadFile(team.deps, team.rep, first);
      expect(once.ok && once.value).toMatchObject({ created: 2, updated: 0 });
      const again = await importLeadFile(team.deps, team.rep, csv("email,name,company\na@example.com,Ann,Acme Group\nb@example.com,Ben,Beta\n"));
      expect(again.ok && again.value).toMatchObject({ created: 0, updated: 2, rejected: 0 });
      const stored = await leadsOf(team.teamId);
      expect(stored).toHaveLength(2);
      expect(stored.map((l) => l.company)).toEqual(["Acme Group", "Beta"]);
    });

    it("reads forgiving headers, semicolons, numbers as numbers and skips empty cells", async () => {
      const file = csv("\uFEFFFull Name;E-mail;Job Title;Company Size;Zip;Phone;Country\nJan Kowalski;JAN@Example.PL;CTO;250;00-950;;PL\n");
      const result = await importLeadFile(team.deps, team.rep, file);
      expect(result.ok && result.value).toMatchObject({ created: 1, rejected: 0 });
      const [lead] = await leadsOf(team.teamId);
      expect(lead).toMatchObject({ name: "Jan Kowalski", email: "jan@example.pl", title: "CTO", phone: null });
      expect(lead!.attributes).toEqual({ "Company Size": 250, Zip: "00-950", Country: "PL" });
    });

    it("reads an XLSX written by a spreadsheet: typed cells, dates, links and formulas with their results", async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("Sheet1");
      sheet.addRow(["Name", "Email", "Employees", "Last purchase", "Website", "Double"]);
      sheet.addRow(["Eva", { text: "eva@example.com", hyperlink: "mailto:eva@example.com" }, 42, new Date("2026-02-01T00:00:00Z"), "https://eva.example", { formula: "C2*2", result: 84 }]);
      const data = new Uint8Array(await workbook.xlsx.writeBuffer());
      const result = await importLeadFile(team.deps, team.rep, { filename: "from-excel.xlsx", data });
      expect(result.ok && result.value).toMatchObject({ format: "xlsx", created: 1, rejected: 0 });
      const [lead] = await leadsOf(team.teamId);
      expect(lead).toMatchObject({ name: "Eva", email: "eva@example.com", lastPurchaseAt: new Date("2026-02-01T00:00:00Z") });
      expect(lead!.attributes).toEqual({ Employees: 42, Website: "https://eva.example", Double: 84 });
    });

    it("protects exported cells against formula injection in CSV and XLSX", async () => {
      await buildLead(team, { name: "=cmd|' /C calc'!A0", email: "x@example.com", company: "+SUM(1)", title: "@me", attributes: { delta: -5, formula: "-2+3" } });
      const asCsv = await exportLeadFile(team.deps, team.rep, { format: "csv", filter: "all" });
      if (!asCsv.ok) throw new Error("export failed");
      const [header, row] = parseCsv(new TextDecoder().decode(asCsv.value.data), { bom: true }) as string[][];
      const cell = (name: string) => row![header!.indexOf(name)];
      expect(cell("name")).toBe("'=cmd|' /C calc'!A0");
      expect(cell("company")).toBe("'+SUM(1)");
      expect(cell("title")).toBe("'@me");
      expect(cell("formula")).toBe("'-2+3");
      expect(cell("delta")).toBe("-5"); // a number is not a formula

      const asXlsx = await exportLeadFile(team.deps, team.rep, { format: "xlsx", filter: "all" });
      if (!asXlsx.ok) throw new Error("export failed");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(asXlsx.value.data) as unknown as ExcelJS.Buffer);
      const sheet = workbook.worksheets[0]!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      const xcell = (name: string) => sheet.getRow(2).getCell(headers.indexOf(name) + 1);
      expect(xcell("name").type).toBe(ExcelJS.ValueType.String);
      expect(xcell("name").value).toBe("=cmd|' /C calc'!A0");
      expect(xcell("company").type).toBe(ExcelJS.ValueType.String);
      expect(xcell("delta").value).toBe(-5);
    });

    it("exports only the leads a filter asks for", async () => {
      const mine = await buildLead(team, { name: "Mine", email: "mine@example.com" });
      await buildLead(team, { name: "Hot", email: "hot@example.com" });
      await store.prisma.lead.update({ where: { id: mine.id }, data: { ownerId: team.rep.memberId } });
      await store.prisma.lead.updateMany({ where: { teamId: team.teamId, name: "Hot" }, data: { tier: "hot", score: 80 } });
      const names = async (filter: "hot" | "mine" | "unclaimed") => {
        const file = await exportLeadFile(team.deps, team.rep, { format: "csv", filter });
        if (!file.ok) throw new Error("export failed");
        const [header, ...rows] = parseCsv(new TextDecoder().decode(file.value.data), { bom: true }) as string[][];
        return rows.map((r) => r[header!.indexOf("name")]);
      };
      expect(await names("hot")).toEqual(["Hot"]);
      expect(await names("mine")).toEqual(["Mine"]);
      expect(await names("unclaimed")).toEqual(["Hot"]);
    });

    it("exports a lead whose stored attributes cannot be read without them, with the others whole, and says which", async () => {
      await buildLead(team, { name: "Whole", email: "whole@example.com", attributes: { country: "DE" } });
      const broken = await buildLead(team, { name: "Broken", email: "broken@example.com", attributes: { country: "FR" } });
      await store.prisma.lead.update({ where: { id: broken.id }, data: { attributes: ["not", "an", "object"] } });
      const file = await exportLeadFile(team.deps, team.rep, { format: "csv", filter: "all" });
      if (!file.ok) throw new Error("export failed");
      const [header, ...rows] = parseCsv(new TextDecoder().decode(file.value.data), { bom: true }) as string[][];
      const country = (name: string) => rows.find((r) => r[header!.indexOf("name")] === name)?.[header!.indexOf("country")];
      expect({ whole: country("Whole"), broken: country("Broken") }).toEqual({ whole: "DE", broken: "" });
      expect(file.value.unreadable).toEqual([`lead ${broken.id}: attributes does not read back: expected a JSON object`]);
    });

    it("reads a Windows-1251 CSV (Excel's plain CSV in a Russian locale) with the right names and says it guessed", async () => {
      await buildLead(team, { name: "Иван Петров", email: "ivan@example.ru" });
      const file = { filename: "leads.csv", contentType: "text/csv", data: encodeIn("name;email;Город\nИван Петров;ivan@example.ru;Москва\nОлена Коваль;olena@example.ua;Київ\n", "windows-1251") };
      const result = await importLeadFile(team.deps, team.rep, file);
      if (!result.ok) throw new Error(failureText(result.error));
      expect(result.value).toMatchObject({ encoding: "windows-1251", created: 1, updated: 1, rejected: 0 });
      const stored = await leadsOf(team.teamId);
      expect(stored.map((l) => [l.name, l.attributes])).toEqual([
        ["Иван Петров", { Город: "Москва" }],
        ["Олена Коваль", { Город: "Київ" }],
      ]);
    });

    it("says which rows were stored and which were not when a later batch fails", async () => {
      // The database refuses to store a lead named "Boom" (refuseLeadsNamed): the third batch fails.
      const file = csv(["email,name", "a@x.io,Ann", "b@x.io,Ben", "c@x.io,Cid", "d@x.io,Dee", "e@x.io,Boom", "f@x.io,Fay", "g@x.io,Gus"].join("\n"));
      const result = await importLeadFileForTeam(team.deps, team.teamId, file, undefined, { batchRows: 2 });
      if (!result.ok) throw new Error(failureText(result.error));
      expect(result.value).toMatchObject({ rows: 7, created: 4, rejected: 0, incomplete: { firstRow: 6, lastRow: 8, notImported: 3 } });
      expect(result.value.results.map((r) => `${r.row} ${r.status}`)).toEqual(["2 accepted", "3 accepted", "4 accepted", "5 accepted", "6 not_imported", "7 not_imported", "8 not_imported"]);
      expect((await leadsOf(team.teamId)).map((l) => l.name)).toEqual(["Ann", "Ben", "Cid", "Dee"]);
      expect(incompleteMessage(result.value.incomplete!)).toMatch(/rows 6–8 were not imported .*Sending the file again is safe/);
      // When the first batch fails nothing was stored, and the caller's "nothing was stored" stays true.
      const first = importLeadFileForTeam(team.deps, team.teamId, csv("email,name\nz@x.io,Boom\n"), undefined, { batchRows: 2 });
      await expect(first).rejects.toThrow();
    });

    it("records new leads from a file as imported from that file in their stage history", async () => {
      const result = await importLeadFile(team.deps, team.rep, csv("email,name\nann@example.com,Ann\n", "spring fair.csv"));
      if (!result.ok) throw new Error(failureText(result.error));
      const history = await store.prisma.stageChange.findMany({ where: { teamId: team.teamId } });
      expect(history.map((h) => h.reason)).toEqual(["imported from spring fair.csv"]);
    });

    it("refuses files it cannot take with a message that says what to do", async () => {
      const tooMany = await importLeadFileForTeam(team.deps, team.teamId, csv("email\na@x.io\nb@x.io\nc@x.io\n"), { maxRows: 2, maxBytes: 1_000_000 });
      expect(!tooMany.ok && failureText(tooMany.error)).toMatch(/3 leads; I import at most 2 at once/);
      const tooBig = await importLeadFileForTeam(team.deps, team.teamId, csv("email\na@x.io\n"), { maxRows: 10, maxBytes: 5 });
      expect(!tooBig.ok && failureText(tooBig.error)).toMatch(/more than the 1 KB I import at once/);
      const noIdentity = await importLeadFile(team.deps, team.rep, csv("name,company\nAnn,Acme\n"));
      expect(!noIdentity.ok && failureText(noIdentity.error)).toMatch(/no email, phone or external id column/);
      const xls = await importLeadFile(team.deps, team.rep, { filename: "old.xls", data: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]) });
      expect(!xls.ok && failureText(xls.error)).toMatch(/old Excel \(\.xls\) file/);
      const pdf = await importLeadFile(team.deps, team.rep, { filename: "leads.pdf", contentType: "application/pdf", data: new Uint8Array([37, 80, 68, 70]) });
      expect(!pdf.ok && failureText(pdf.error)).toMatch(/I can import \.csv and \.xlsx files, not leads\.pdf/);
      const broken = await importLeadFile(team.deps, team.rep, { filename: "broken.xlsx", data: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]) });
      expect(!broken.ok && failureText(broken.error)).toMatch(/could not open that XLSX/);
      expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(0);
    });
  });
}
