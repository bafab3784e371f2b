/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (PostgreSQL; a schema may be
 * chosen with ?schema=name) or else to the PGlite database in DATA_DIR (default ./data).
 */
import { isPostgresUrl, openStore } from "../src/store/client.js";

const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR || "./data";
const target = isPostgresUrl(databaseUrl) ? `PostgreSQL ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}` : `PGlite at ${dataDir}`;

try {
  const store = await openStore({ databaseUrl, dataDir });
  await store.close();
  const { applied, alreadyApplied } = store.migrations;
  for (const name of applied) console.log(`applied ${name}`);
  console.log(
    applied.length
      ? `${target}: applied ${applied.length} migration(s); ${alreadyApplied.length} were already applied.`
      : `${target}: up to date (${alreadyApplied.length} migration(s) applied earlier).`,
  );
} catch (err) {
  console.error(`${target}: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
