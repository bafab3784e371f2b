/**
 * Issue 10, points 1 and 2, over real HTTP: files built to exhaust memory or time get a quick,
 * clear answer, and the bot keeps answering /healthz while it reads them.
 */
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { renderText } from "../../src/chat/text.render.js";
import { DEFAULT_HTTP_CONFIG } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import { CONTENT_TYPES } from "../../src/services/lead-file.js";
import type { StoreHandle } from "../../src/store/client.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { blankLinesCsv, singleLineCsv, sparseXlsx, wideCsv } from "./worst-files.js";
import { failureText } from "../../src/views/failure.view.js";

const MB = 1_048_576;

describe("POST /api/v1/leads/import with hostile files", () => {
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
    if (!created.ok) throw new Error(failureText(created.error));
    key = created.value.key;
    server = await startHttpServer(
      { log: pino({ level: "silent" }), services: team.deps, config: { ...DEFAULT_HTTP_CONFIG, INGEST_IMPORT_MAX_BYTES: 5 * MB }, checkDatabase: async () => {} },
      0,
      "127.0.0.1",
    );
  });

  const base = () => `http://127.0.0.1:${server.port}`;

  /**
   * Sends the file and, until it is answered, asks /healthz one request after another. The
   * answer, how long it took, and the slowest /healthz answer meanwhile.
   */
  async function importWhileProbing(body: Uint8Array<ArrayBuffer>, contentType: string) {
    const started = performance.now();
    let done = false;
    const upload = fetch(`${base()}/api/v1/leads/import`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": contentType }, body }).then(
      async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> & { notes?: string[]; message?: string } }),
    );
    void upload.finally(() => (done = true));
    let slowestHealthz = 0;
    let probes = 0;
    while (!done) {
      const asked = performance.now();
      const health = await fetch(`${base()}/healthz`);
      expect(health.status).toBe(200);
      await health.arrayBuffer();
      slowestHealthz = Math.max(slowestHealthz, performance.now() - asked);
      probes++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const answer = await upload;
    return { ...answer, ms: performance.now() - started, slowestHealthz, probes };
  }

  it("imports a 35 KB XLSX of 2,000 rows with a value in column XFD from its first 200 columns, and says the far cells were ignored", async () => {
    // Before the fix this file took ~40 s and ran the process out of memory (file-limits.test.ts times the reading).
    const file = sparseXlsx(2_000);
    expect(file.length).toBeLessThan(40_000);
    const res = await importWhileProbing(file, CONTENT_TYPES.xlsx);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: "xlsx", rows: 2_000, accepted: 2_000, created: 2_000 });
    expect(res.body.notes).toEqual([expect.stringMatching(/^I read the first 200 columns and ignored cells further right \(in 2,000 rows\)/)]);
    expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(2_000);
    const far = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, email: "far0@example.com" } });
    expect(far).toMatchObject({ name: "Far 0", attributes: {} });
  }, 30_000);

  it("says in chat too that cells past column 200 were ignored", async () => {
    const data = sparseXlsx(3);
    const reply = await handleLine("/lead import", { deps: team.deps, actor: team.rep, files: [{ filename: "far.xlsx", contentType: CONTENT_TYPES.xlsx, data }] }, pino({ level: "silent" }));
    const text = renderText(reply).text;
    expect(text).toMatch(/Imported far\.xlsx: 3 new leads, 0 updated, 0 rows rejected\./);
    expect(text).toMatch(/I read the first 200 columns and ignored cells further right \(in 3 rows\)\. If a lead's details are out there, move those columns to the left/);
  });

  it("answers 5 MB of blank lines at once with what to do, and /healthz keeps answering meanwhile", async () => {
    const res = await importWhileProbing(blankLinesCsv(5 * MB), "text/csv");
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: "invalid_file" });
    expect(res.body.message).toMatch(/^That file goes on past 50,000 rows, 49,999 of them empty; I read at most 50,000 rows of a file\. Delete the empty rows/);
    // Before the fix: no answer within 60 s, and /healthz stalled for seconds.
    expect(res.ms).toBeLessThan(5_000);
    expect(res.slowestHealthz).toBeLessThan(1_000);
    expect(res.probes).toBeGreaterThan(0);
    expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(0);
  }, 20_000);

  it("answers a 5 MB CSV that is one line quickly: a header and no leads", async () => {
    const res = await importWhileProbing(singleLineCsv(5 * MB), "text/csv");
    expect(res.status).toBe(422);
    expect(res.body.message).toBe("That file has a header row but no leads under it.");
    expect(res.ms).toBeLessThan(5_000);
    expect(res.slowestHealthz).toBeLessThan(1_000);
  }, 20_000);

  it("imports a CSV of 10,000 columns from its first 200 and says the rest were ignored", async () => {
    // Every row: an email, a name, a value in column 150 and one in each of columns 9,000–10,000.
    const header = ["email", "name", ...Array.from({ length: 9_998 }, (_, i) => `c${i + 3}`)].join(",");
    const row = (i: number) => `wide${i}@example.com,Wide ${i}${",".repeat(148)}kept${",".repeat(8_849)}${",far".repeat(1_001)}`;
    const text = [header, ...Array.from({ length: 300 }, (_, i) => row(i))].join("\r\n");
    expect(row(0).split(",")).toHaveLength(10_000);
    const res = await importWhileProbing(new TextEncoder().encode(text), "text/csv");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 300, accepted: 300, rejected: 0, created: 300 });
    expect(res.body.notes).toEqual([expect.stringMatching(/^I read the first 200 columns and ignored cells further right \(in 301 rows\)/)]);
    const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, email: "wide299@example.com" } });
    expect(lead).toMatchObject({ name: "Wide 299", attributes: { c150: "kept" } });
    expect(res.ms).toBeLessThan(8_000);
    expect(res.slowestHealthz).toBeLessThan(1_000);
  }, 20_000);

  it("answers /healthz within a second while it reads each worst-case file", async () => {
    // Files refused once read (too many rows, no lead column, no leads), so the time is the reading, not storing.
    const cases: Array<[string, Uint8Array<ArrayBuffer>, string, RegExp]> = [
      ["sparse XLSX, 60,000 rows", sparseXlsx(60_000), CONTENT_TYPES.xlsx, /^That file has at least 49,999 leads/],
      ["5 MB of blank lines", blankLinesCsv(5 * MB), "text/csv", /^That file goes on past 50,000 rows/],
      ["5 MB on one line", singleLineCsv(5 * MB), "text/csv", /^That file has a header row but no leads/],
      ["10,000 columns, 5 MB", wideCsv(10_000, 5 * MB, "id"), "text/csv", /^I found no email, phone or external id column/],
    ];
    for (const [name, file, type, answer] of cases) {
      const res = await importWhileProbing(file, type);
      expect(res.status, name).toBe(422);
      expect(res.body.message, name).toMatch(answer);
      expect(res.probes, name).toBeGreaterThan(0);
      expect(res.slowestHealthz, name).toBeLessThan(1_000);
    }
  }, 60_000);
});
