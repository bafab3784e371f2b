/** POST /api/v1/leads/import over real HTTP: the file is the body, answered per row. */
import ExcelJS from "exceljs";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import { CONTENT_TYPES } from "../../src/services/lead-file.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore, refuseLeadsNamed } from "../support/db.js";
import { failureText } from "../../src/views/failure.view.js";

describe("POST /api/v1/leads/import", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let key: string;
  let server: HttpHandle;

  beforeAll(async () => {
    store = await createTestStore("pglite");
    await refuseLeadsNamed(store, "Boom");
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });
  const start = async (config: Partial<HttpConfig> = {}) => {
    await server?.close();
    server = await startHttpServer(
      { log: pino({ level: "silent" }), services: team.deps, config: { ...DEFAULT_HTTP_CONFIG, INGEST_IMPORT_MAX_BYTES: 16_384, ...config }, checkDatabase: async () => {} },
      0,
      "127.0.0.1",
    );
  };
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    const created = await createTeamApiKey(team.deps, team.teamId, "tests");
    if (!created.ok) throw new Error(failureText(created.error));
    key = created.value.key;
    await start();
  });

  const upload = async (body: string | Uint8Array<ArrayBuffer>, contentType: string, withKey: string | null = key, extraHeaders: Record<string, string> = {}) => {
    const headers: Record<string, string> = { "content-type": contentType, ...extraHeaders };
    if (withKey) headers.authorization = `Bearer ${withKey}`;
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/leads/import`, { method: "POST", headers, body });
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as Record<string, unknown> & { results?: Array<Record<string, unknown>> } };
  };
  /** A CSV of `count` leads (l0@x.io …), the row at `failAt` (0-based) named "Boom", which the database refuses to store. */
  const manyRows = (count: number, failAt = -1) => `email,name\n${Array.from({ length: count }, (_, i) => `l${i}@x.io,${i === failAt ? "Boom" : "L"}`).join("\n")}\n`;
  const leadCount = () => store.prisma.lead.count({ where: { teamId: team.teamId } });
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

  it("answers a file cut short by a database error with the rows stored and the rows not, never 'nothing stored'", async () => {
    // Rows 2–1001 are the first batch; row 1002 (the 1,001st lead) makes the second batch fail.
    const res = await upload(manyRows(1_002, 1_000), "text/csv", key, { "content-disposition": 'attachment; filename="fair.csv"' });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: "import_incomplete", accepted: 1_000, created: 1_000, notImported: { firstRow: 1_002, lastRow: 1_003, notImported: 2 } });
    expect(res.body.message).toMatch(/rows 1002–1003 were not imported \(the rows before were\)\. Sending the file again is safe/);
    expect(res.body.results!.slice(-3).map((r) => [r.row, r.status])).toEqual([
      [1_001, "accepted"],
      [1_002, "not_imported"],
      [1_003, "not_imported"],
    ]);
    expect(await leadCount()).toBe(1_000);
  });

  it("charges the rate limit a token per 1,000 rows, after reading the file and before writing it", async () => {
    await start({ INGEST_IMPORT_MAX_BYTES: 65_536, INGEST_RATE_BURST: 2, INGEST_RATE_PER_MINUTE: 6 });
    // A full bucket of 2 pays for a file of 1,001 rows (2 tokens), and is then empty.
    expect((await upload(manyRows(1_001), "text/csv")).status).toBe(200);
    const refused = await upload(FILE, "text/csv");
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe("10");

    // A second key: a 1-row file takes one of its 2 tokens; a 1,001-row file then waits for the other and writes nothing.
    const other = await buildTeam(store.prisma, { name: "Other" });
    const created = await createTeamApiKey(other.deps, other.teamId, "tests");
    if (!created.ok) throw new Error(failureText(created.error));
    expect((await upload(FILE, "text/csv", created.value.key)).status).toBe(200);
    const big = await upload(manyRows(1_001).replaceAll("@x.io", "@y.io"), "text/csv", created.value.key);
    expect(big.status).toBe(429);
    expect(big.retryAfter).toBe("10");
    expect(await store.prisma.lead.count({ where: { teamId: other.teamId, email: { endsWith: "@y.io" } } })).toBe(0);
    // The refused file cost nothing: 10 s later the bucket holds 2 tokens again and it goes through.
    team.time.set(new Date(team.deps.clock().getTime() + 10_000));
    expect((await upload(manyRows(1_001).replaceAll("@x.io", "@y.io"), "text/csv", created.value.key)).status).toBe(200);
  });
});
