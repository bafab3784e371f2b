import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { seedDemoIfEmpty } from "../../src/services/demo-seed.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { actorFor, ensureTeam } from "../../src/services/team.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { runConsole } from "../../src/platforms/console/console.transport.js";
import { createTestStore } from "../support/db.js";
import { serviceDeps } from "../support/builders.js";

const log = pino({ level: "silent" });
const FIXTURE = new URL("./fixtures/quick-start.transcript.txt", import.meta.url);
/** The README's quick-start session, as typed (the numbers answer the preview's choices). */
const SESSION = [
  "/lead list hot",
  "/lead status jana",
  "/qualify jana budget=yes authority=yes need=yes",
  '/log jana meeting_booked "Tue 10:00"',
  "/weights",
  "/weights demo_request 45",
  "1",
  "/weights undo",
  "1",
  "/weights what if demo requests were 50?",
  "/lead trend jana",
  "/lead export xlsx hot",
  "/team stats",
];

/**
 * The quick start through the console, word for word, with a fixed clock, against a transcript
 * recorded before a refactor: a change of wording anywhere shows up here. Re-record only for a
 * deliberate change: UPDATE_TRANSCRIPT=1 npx vitest run test/e2e/quick-start-transcript.test.ts
 */
describe("the README quick start in the console", () => {
  let store: StoreHandle;
  const exportDir = mkdtempSync(join(tmpdir(), "leadbot-transcript-"));

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => {
    await store?.close();
    rmSync(exportDir, { recursive: true, force: true });
  });

  it("answers every command exactly as recorded", async () => {
    const deps: ServiceDeps = serviceDeps(store, () => new Date("2026-06-03T08:30:00Z"));
    expect(await seedDemoIfEmpty(deps)).toBe(true);
    const teamId = await ensureTeam(deps, { platform: "console", externalId: "local", name: "My team", timezone: "UTC" });
    const actor = await actorFor(deps, teamId, { platform: "console", externalId: "local", displayName: "You" });
    const input = new PassThrough();
    const output = new PassThrough();
    let transcript = "";
    output.on("data", (chunk: Buffer) => (transcript += chunk.toString()));
    input.end(`${SESSION.join("\n")}\n`);
    await runConsole({ input, output, interactive: false, handle: (line, files) => handleLine(line, { deps, actor, ...(files ? { files } : {}) }, log), exportDir });
    // Pending changes have random ids; everything else is fixed by the clock and the seed.
    const shown = transcript.replaceAll(exportDir, "<EXPORT_DIR>").replace(/\/weights (confirm|cancel) [0-9a-f]{8}\b/g, "/weights $1 <id>");
    if (process.env.UPDATE_TRANSCRIPT) writeFileSync(FIXTURE, shown);
    expect(shown).toBe(readFileSync(FIXTURE, "utf8"));
  });
});
