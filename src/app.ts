import type { Logger } from "pino";
import type { Config } from "./config.js";
import { startMetricsServer, type MetricsServer } from "./http/metrics.routes.js";
import { Metrics } from "./metrics/metrics.js";
import { NO_METRICS_ENDPOINT } from "./metrics/metrics.config.js";
import { systemClock, type Clock } from "./services/clock.js";
import type { ServiceDeps } from "./services/deps.js";
import { seedDemoIfEmpty } from "./services/demo-seed.js";
import { MemoryRateLimiter, type RateLimiter } from "./delivery/rate-limiter.js";
import type { HttpConfig } from "./http/http.config.js";
import { TokenBuckets, type KeyRateLimit } from "./http/rate-limit.js";
import { outboxBacklogAll } from "./services/outbox.service.js";
import { startHttpServer, type HttpHandle } from "./http/server.js";
import { openStore, type StoreHandle } from "./store/client.js";
import { PostgresRateLimiter, PostgresTokenBuckets } from "./store/rate-limit.repository.js";

export interface App {
  deps: ServiceDeps;
  store: StoreHandle;
  http: HttpHandle;
  /** The rate limits this instance keeps: the outbox worker's sends and the ingestion API's keys. */
  limits: RateLimits;
  /** What `GET /metrics` serves (also `deps.metrics`). */
  metrics: Metrics;
  /** METRICS_PORT's server, when it is set. */
  metricsServer?: MetricsServer;
  log: Logger;
  /** Finishes the HTTP requests in progress, then closes the servers and the store. */
  stop(): Promise<void>;
}

export interface RateLimits {
  /** The outbox's send budgets per chat, group and platform. */
  sends: RateLimiter;
  /** The ingestion API's bucket per API key. */
  ingest: KeyRateLimit;
  /** The website snippet's bucket per public key and visitor (IP address). */
  visitors: KeyRateLimit;
}

/**
 * Where the rate limits are kept, by the store's kind: on PostgreSQL in the database, so every
 * instance sharing it shares one budget per chat and per API key; on the embedded database,
 * which admits one process, in that process's memory.
 */
export function rateLimitsFor(store: Pick<StoreHandle, "kind" | "sql">, http: HttpConfig, clock: Clock): RateLimits {
  const now = () => clock().getTime();
  return store.kind === "postgres"
    ? {
        sends: new PostgresRateLimiter(store.sql),
        ingest: new PostgresTokenBuckets(store.sql, http.INGEST_RATE_PER_MINUTE, http.INGEST_RATE_BURST, now),
        visitors: new PostgresTokenBuckets(store.sql, http.PUBLIC_RATE_PER_MINUTE, http.PUBLIC_RATE_BURST, now),
      }
    : {
        sends: new MemoryRateLimiter(),
        ingest: new TokenBuckets(http.INGEST_RATE_PER_MINUTE, http.INGEST_RATE_BURST, now),
        visitors: new TokenBuckets(http.PUBLIC_RATE_PER_MINUTE, http.PUBLIC_RATE_BURST, now),
      };
}

/** What the app itself uses of the configuration; SEED_DEMO is decided (see shouldSeedDemo). */
export type AppConfig = Pick<Config, "DATABASE_URL" | "DATA_DIR" | "PORT" | "HOST" | "http"> &
  Partial<Pick<Config, "metrics">> & { SEED_DEMO?: boolean | undefined };

/**
 * Opens the store (migrating it), seeds the demo when empty, and starts the HTTP server (and
 * the metrics' own, with METRICS_PORT).
 */
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
  const metrics = new Metrics({ processMetrics: true, now: clock, onCollectError: (err) => log.warn({ err }, "could not read the outbox for the metrics") });
  const deps: ServiceDeps = { store: store.store, clock, metrics };
  metrics.watchOutbox(() => outboxBacklogAll(deps));
  if (config.SEED_DEMO && (await seedDemoIfEmpty(deps))) log.info("seeded the demo team");
  const limits = rateLimitsFor(store, config.http, clock);
  const endpoint = config.metrics ?? NO_METRICS_ENDPOINT;
  const http = await startHttpServer(
    {
      log,
      services: deps,
      config: config.http,
      rateLimit: limits.ingest,
      visitorLimit: limits.visitors,
      checkDatabase: async () => void (await store.sql.query("SELECT 1")),
      // On PORT only behind a token; with METRICS_PORT, there instead.
      metricsToken: endpoint.port === null ? endpoint.token : null,
    },
    config.PORT,
    config.HOST,
  );
  log.info({ port: http.port, database: store.kind }, "HTTP server listening");
  let metricsServer: MetricsServer | undefined;
  try {
    if (endpoint.port !== null) {
      metricsServer = await startMetricsServer({ metrics, token: endpoint.token, log }, endpoint.port, config.HOST);
      log.info({ port: metricsServer.port, token: endpoint.token ? "required" : "none" }, "metrics listening");
    }
  } catch (error) {
    await http.close();
    await store.close();
    throw error;
  }
  return {
    deps,
    store,
    http,
    limits,
    metrics,
    ...(metricsServer ? { metricsServer } : {}),
    log,
    async stop() {
      await Promise.all([http.close(), metricsServer?.close()]);
      await store.close();
    },
  };
}
