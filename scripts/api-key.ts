/**
 * API keys for the ingestion API, from a shell (the same service as `/admin apikey`):
 *
 *   npx tsx scripts/api-key.ts create <teamId> <name>      prints the key once
 *   npx tsx scripts/api-key.ts list <teamId>
 *   npx tsx scripts/api-key.ts revoke <teamId> <prefix-or-id>
 *
 * Uses DATABASE_URL (PostgreSQL) or else the PGlite database in DATA_DIR (default ./data),
 * which only one process may open: with the bot running on it, this says so and exits 1
 * (in the console chat, `/admin apikey create` does the same without a second process).
 */
import { loadConfig } from "../src/config.js";
import { createTeamApiKey, listTeamApiKeys, revokeTeamApiKey } from "../src/services/api-key.service.js";
import { systemClock } from "../src/services/clock.js";
import { openStore } from "../src/store/client.js";
import { failureText } from "../src/views/failure.view.js";

const USAGE = `Usage:
  npx tsx scripts/api-key.ts create <teamId> <name>
  npx tsx scripts/api-key.ts list <teamId>
  npx tsx scripts/api-key.ts revoke <teamId> <prefix-or-id>`;

async function main(argv: string[]): Promise<number> {
  const [action, team, ...rest] = argv;
  const teamId = Number(team);
  if (!action || !["create", "list", "revoke"].includes(action) || !Number.isInteger(teamId) || teamId <= 0) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(process.env);
  const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const deps = { store: store.store, clock: systemClock };
    if (!(await store.prisma.team.findUnique({ where: { id: teamId }, select: { id: true } }))) {
      console.error(`There is no team ${teamId}.`);
      return 1;
    }
    if (action === "create") {
      const created = await createTeamApiKey(deps, teamId, rest.join(" "));
      if (!created.ok) {
        console.error(failureText(created.error));
        return 1;
      }
      console.error(`Created API key #${created.value.apiKey.id} "${created.value.apiKey.name}" for team ${teamId}. It is shown once; store it now:`);
      console.log(created.value.key);
      return 0;
    }
    if (action === "list") {
      const keys = await listTeamApiKeys(deps, teamId);
      if (keys.length === 0) console.log(`Team ${teamId} has no API keys.`);
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : "never used";
        console.log(`#${k.id}\t${k.prefix}…\t${k.name}\tcreated ${k.createdAt.toISOString()}\t${state}`);
      }
      return 0;
    }
    const revoked = await revokeTeamApiKey(deps, teamId, rest.join(" "));
    if (!revoked.ok) {
      console.error(failureText(revoked.error));
      return 1;
    }
    console.log(`Revoked API key #${revoked.value.apiKey.id} ${revoked.value.apiKey.prefix}… (${revoked.value.apiKey.name}).`);
    return 0;
  } finally {
    await store.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  return 1;
});
