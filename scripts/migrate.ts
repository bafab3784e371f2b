/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (PostgreSQL; a schema may be
 * chosen with ?schema=name) or else to the PGlite database in DATA_DIR (default ./data).
 */
import { ConfigError, loadConfig } from "../src/config.js";
import { isPostgresUrl, openStore } from "../src/store/client.js";

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
const { DATABASE_URL: databaseUrl, DATA_DIR: dataDir } = config;
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
