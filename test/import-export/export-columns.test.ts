/**
 * Exports have at most LIMITS.attributeKeysPerTeam attribute columns (issue 10, point 6): one
 * column per distinct attribute name made a team with 40,000 names wait 85 s and 3.4 GB.
 */
import { parse as parseCsv } from "csv-parse/sync";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import { exportTable, type ExportLead } from "../../src/services/lead-file.js";
import { exportLeadFile } from "../../src/services/lead-transfer.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildLead, buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { failureText } from "../../src/views/failure.view.js";

const exportLead = (id: number, attributes: Record<string, unknown>): ExportLead => ({
  id,
  name: `Lead ${id}`,
  email: `lead${id}@example.com`,
  phone: null,
  company: null,
  title: null,
  externalId: null,
  lastPurchaseAt: null,
  cycleDays: null,
  score: 0,
  tier: "cold",
  stage: "new",
  owner: null,
  attributes,
});

describe("export attribute columns", () => {
  it("keeps the attribute names the most leads use, in name order, and counts the rest", () => {
    const leads = [exportLead(1, { size: 10, zeta: "z", rare: 1 }), exportLead(2, { size: 20, zeta: "y" }), exportLead(3, { size: 30, alpha: true })];
    const { table, omittedAttributeColumns } = exportTable(leads, 2);
    // size (3 leads) and zeta (2) are kept; alpha and rare (1 each) are left out.
    expect(table[0]!.slice(13)).toEqual(["size", "zeta"]);
    expect(table.slice(1).map((row) => row.slice(13))).toEqual([
      [10, "z"],
      [20, "y"],
      [30, null],
    ]);
    expect(omittedAttributeColumns).toBe(2);
    expect(exportTable(leads).omittedAttributeColumns).toBe(0);
  });

  describe("on PGlite", () => {
    let store: StoreHandle;
    let team: TeamFixture;

    beforeAll(async () => {
      store = await createTestStore("pglite");
      team = await buildTeam(store.prisma);
      // Leads stored before attribute names were limited: one holds 600 names of its own.
      const crowded = await buildLead(team, { email: "crowded@example.com", attributes: { zone: "EU" } });
      const many = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${String(i).padStart(3, "0")}`, i]));
      await store.prisma.lead.update({ where: { id: crowded.id }, data: { attributes: { zone: "EU", ...many } } });
      await buildLead(team, { email: "plain@example.com", attributes: { zone: "US" } });
    });
    afterAll(async () => {
      await store?.close();
    });

    it("writes at most 500 attribute columns and the chat answer says how many were left out", async () => {
      const file = await exportLeadFile(team.deps, team.rep, { format: "csv", filter: "all" });
      if (!file.ok) throw new Error(failureText(file.error));
      expect(file.value.omittedAttributeColumns).toBe(101);
      const [header, ...rows] = parseCsv(new TextDecoder().decode(file.value.data), { bom: true }) as string[][];
      const attributes = header!.slice(13);
      expect(attributes).toHaveLength(500);
      // zone (2 leads) is kept though it sorts last; of k000–k599 (1 lead each) the first 499 by name.
      expect(attributes).toEqual([...Array.from({ length: 499 }, (_, i) => `k${String(i).padStart(3, "0")}`), "zone"]);
      expect(rows).toHaveLength(2);

      const reply = renderText(await handleLine("/lead export csv", { deps: team.deps, actor: team.rep }, pino({ level: "silent" }))).text;
      expect(reply).toMatch(/Here are 2 leads as CSV/);
      expect(reply).toMatch(/101 attribute columns were left out: the file has a column for each of the 500 attributes the most leads use\./);
    });
  });
});
