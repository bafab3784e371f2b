/**
 * Webhook sources from a mapping file, from a shell (the same service as `/hooks import`):
 *
 *   npx tsx scripts/hooks.ts apply <teamId> <file.yaml|file.json>   creates or replaces the file's sources
 *   npx tsx scripts/hooks.ts list <teamId>
 *
 * The file is checked in full first: a mistake anywhere stores nothing. Uses DATABASE_URL
 * (PostgreSQL) or else the PGlite database in DATA_DIR, which only one process may open (stop
 * the bot first, or use /hooks import in the console chat).
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { loadConfig } from "../src/config.js";
import { mappingToOptions } from "../src/domain/hook-mapping.js";
import { systemClock } from "../src/services/clock.js";
import { applyHookFile, parseHookFile } from "../src/services/hook.service.js";
import { openStore } from "../src/store/client.js";
import { listHookSourceRows } from "../src/store/hook-source.repository.js";
import { failureText } from "../src/views/failure.view.js";

const USAGE = `Usage:
  npx tsx scripts/hooks.ts apply <teamId> <file.yaml|file.json>
  npx tsx scripts/hooks.ts list <teamId>`;

async function main(argv: string[]): Promise<number> {
  const [action, team, path] = argv;
  const teamId = Number(team);
  if (!action || !["apply", "list"].includes(action) || !Number.isInteger(teamId) || teamId <= 0 || (action === "apply" && !path)) {
    console.error(USAGE);
    return 2;
  }
  // Read and check the file before opening the database: a mistake costs nothing.
  const file = action === "apply" ? parseHookFile({ filename: basename(path!), data: await readFile(path!) }) : null;
  if (file && !file.ok) {
    console.error(failureText(file.error));
    return 1;
  }
  const config = loadConfig(process.env);
  const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const deps = { store: store.store, clock: systemClock };
    if (!(await store.prisma.team.findUnique({ where: { id: teamId }, select: { id: true } }))) {
      console.error(`There is no team ${teamId}.`);
      return 1;
    }
    if (file?.ok) {
      const applied = await applyHookFile(deps, teamId, file.value, null);
      if (!applied.ok) {
        console.error(failureText(applied.error));
        return 1;
      }
      const { created, updated } = applied.value;
      console.log(`Team ${teamId}: ${created.length} source(s) added${created.length ? ` (${created.join(", ")})` : ""}, ${updated.length} updated${updated.length ? ` (${updated.join(", ")})` : ""}.`);
      return 0;
    }
    const sources = await listHookSourceRows(store.store.db, teamId);
    if (sources.length === 0) console.log(`Team ${teamId} has no webhook sources.`);
    for (const s of sources) console.log(`${s.name}\tPOST /api/v1/hooks/${s.name}\t${s.mapping ? mappingToOptions(s.mapping).join(" ") : "(mapping unreadable)"}`);
    return 0;
  } finally {
    await store.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  return 1;
});
