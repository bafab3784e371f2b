/** POST /api/v1/leads/import over real HTTP: the file is the body, answered per row. */
import ExcelJS from "exceljs";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_HTTP_CONFIG } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import { CONTENT_TYPES } from "../../src/services/lead-file.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

describe("POST /api/v1/leads/import", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let key: string;
  let server: HttpHandle;

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });
  beforeEach(async () => {
    await server?.close();
    team = await buildTeam(store.prisma);
    const created = await createTeamApiKey(team.deps, team.teamId, "tests");
    if (!created.ok) throw new Error(created.error.message);
    key = created.value.key;
    server = await startHttpServer(
      { log: pino({ level: "silent" }), services: team.deps, config: { ...DEFAULT_HTTP_CONFIG, INGEST_IMPORT_MAX_BYTES: 16_384 }, checkDatabase: async () => {} },
      0,
      "127.0.0.1",
    );
  });

  const upload = async (body: string | Uint8Array<ArrayBuffer>, contentType: string, withKey: string | null = key) => {
    const headers: Record<string, string> = { "content-type": contentType };
    if (withKey) headers.authorization = `Bearer ${withKey}`;
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/leads/import`, { method: "POST", headers, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { results?: Array<Record<string, unknown>> } };
  };
  const FILE = "name,email,company size\nAnn,ann@example.com,40\nBad,nope,1\nCid,cid@example.com,\n";

  it("answers 401 without a valid API key and stores nothing", async () => {
    expect((await upload(FILE, "text/csv", null)).status).toBe(401);
    expect((await upload(FILE, "text/csv", "lsk_wrong")).status).toBe(401);
    expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(0);
  });

  it("answers 415 for a body that is neither CSV nor XLSX", async () => {
    const res = await upload(JSON.stringify({ leads: [] }), "application/json");
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(/text\/csv/);
  });

  it("answers 413 for a file over INGEST_IMPORT_MAX_BYTES", async () => {
    const big = `email\n${Array.from({ length: 1_000 }, (_, i) => `lead${i}@example.com`).join("\n")}\n`;
    const res = await upload(big, "text/csv");
    expect(res.status).toBe(413);
    expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(0);
  });

  it("imports a CSV and answers each row with its number, status and lead", async () => {
    const res = await upload(FILE, "text/csv; charset=utf-8");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: "csv", rows: 3, accepted: 2, rejected: 1, created: 2, updated: 0 });
    expect(res.body.results!.map((r) => [r.row, r.status, r.reason ?? null])).toEqual([
      [2, "accepted", null],
      [3, "rejected", "email is not a valid email address"],
      [4, "accepted", null],
    ]);
    const ann = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, email: "ann@example.com" } });
    expect(res.body.results![0]).toMatchObject({ leadId: ann.id, created: true });
    expect(ann.attributes).toEqual({ "company size": 40 });
  });

  it("imports an XLSX body", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Leads");
    sheet.addRow(["Email", "Name"]);
    sheet.addRow(["xl@example.com", "Xena"]);
    const res = await upload(new Uint8Array(await workbook.xlsx.writeBuffer()), CONTENT_TYPES.xlsx);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: "xlsx", accepted: 1, created: 1 });
  });

  it("answers 422 with the reason for a file it cannot read", async () => {
    const res = await upload("name,company\nAnn,Acme\n", "text/csv");
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: "invalid_file" });
    expect(res.body.message).toMatch(/no email, phone or external id column/);
  });
});
