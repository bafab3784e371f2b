import type { Logger } from "pino";
import type { Config } from "./config.js";
import { systemClock, type Clock } from "./services/clock.js";
import type { ServiceDeps } from "./services/deps.js";
import { seedDemoIfEmpty } from "./services/demo-seed.js";
import { MemoryRateLimiter, type RateLimiter } from "./delivery/rate-limiter.js";
import type { HttpConfig } from "./http/http.config.js";
import { TokenBuckets, type KeyRateLimit } from "./http/rate-limit.js";
import { startHttpServer, type HttpHandle } from "./http/server.js";
import { openStore, type StoreHandle } from "./store/client.js";
import { PostgresRateLimiter, PostgresTokenBuckets } from "./store/rate-limit.repository.js";

export interface App {
  deps: ServiceDeps;
  store: StoreHandle;
  http: HttpHandle;
  /** The rate limits this instance keeps: the outbox worker's sends and the ingestion API's keys. */
  limits: RateLimits;
  log: Logger;
  stop(): Promise<void>;
}

export interface RateLimits {
  /** The outbox's send budgets per chat, group and platform. */
  sends: RateLimiter;
  /** The ingestion API's bucket per API key. */
  ingest: KeyRateLimit;
}

/**
 * Where the rate limits are kept, by the store's kind: on PostgreSQL in the database, so every
 * instance sharing it shares one budget per chat and per API key; on the embedded database,
 * which admits one process, in that process's memory.
 */
export function rateLimitsFor(store: Pick<StoreHandle, "kind" | "sql">, http: HttpConfig, clock: Clock): RateLimits {
  const now = () => clock().getTime();
  return store.kind === "postgres"
    ? { sends: new PostgresRateLimiter(store.sql), ingest: new PostgresTokenBuckets(store.sql, http.INGEST_RATE_PER_MINUTE, http.INGEST_RATE_BURST, now) }
    : { sends: new MemoryRateLimiter(), ingest: new TokenBuckets(http.INGEST_RATE_PER_MINUTE, http.INGEST_RATE_BURST, now) };
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
  const limits = rateLimitsFor(store, config.http, clock);
  const http = await startHttpServer(
    { log, services: deps, config: config.http, rateLimit: limits.ingest, checkDatabase: async () => void (await store.sql.query("SELECT 1")) },
    config.PORT,
    config.HOST,
  );
  log.info({ port: http.port, database: store.kind }, "HTTP server listening");
  return {
    deps,
    store,
    http,
    limits,
    log,
    async stop() {
      await http.close();
      await store.close();
    },
  };
}
