import type { Logger } from "pino";
import type { Config } from "./config.js";
import { systemClock, type Clock } from "./services/clock.js";
import type { ServiceDeps } from "./services/deps.js";
import { seedDemoIfEmpty } from "./services/demo-seed.js";
import { startHttpServer, type HttpHandle } from "./http/server.js";
import { openStore, type StoreHandle } from "./store/client.js";

export interface App {
  deps: ServiceDeps;
  store: StoreHandle;
  http: HttpHandle;
  log: Logger;
  stop(): Promise<void>;
}

/** What the app itself uses of the configuration; SEED_DEMO is decided (see shouldSeedDemo). */
export type AppConfig = Pick<Config, "DATABASE_URL" | "DATA_DIR" | "PORT" | "HOST" | "http"> & { SEED_DEMO?: boolean | undefined };

/** Opens the store (migrating it), seeds the demo when empty, and starts the HTTP server. */
export async function startApp(config: AppConfig, log: Logger, clock: Clock = systemClock): Promise<App> {
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    // Another process took DATA_DIR over (it found our lock stale): two writers would damage
    // the embedded database, so this one stops at once rather than write another page.
    onLockLost: (err) => {
      log.fatal({ err, dataDir: config.DATA_DIR }, "lost the lock on DATA_DIR to another process; stopping");
      process.exit(1);
    },
  });
  for (const name of store.migrations.applied) log.info({ migration: name }, "applied migration");
  const deps: ServiceDeps = { store: store.store, clock };
  if (config.SEED_DEMO && (await seedDemoIfEmpty(deps))) log.info("seeded the demo team");
  const http = await startHttpServer(
    { log, services: deps, config: config.http, checkDatabase: async () => void (await store.sql.query("SELECT 1")) },
    config.PORT,
    config.HOST,
  );
  log.info({ port: http.port, database: store.kind }, "HTTP server listening");
  return {
    deps,
    store,
    http,
    log,
    async stop() {
      await http.close();
      await store.close();
    },
  };
}
