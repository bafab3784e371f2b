/**
 * The ingestion API's per-key rate limit with several instances: on PostgreSQL the bucket is in
 * the database, so two servers on one database give a key one budget between them; on the
 * embedded database (one process) it stays in memory.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimitsFor, startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { MemoryRateLimiter } from "../../src/delivery/rate-limiter.js";
import { DEFAULT_HTTP_CONFIG } from "../../src/http/http.config.js";
import { TokenBuckets } from "../../src/http/rate-limit.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { PostgresRateLimiter, PostgresTokenBuckets } from "../../src/store/rate-limit.repository.js";
import { failureText } from "../../src/views/failure.view.js";
import { buildTeam, testClock } from "../support/builders.js";
import { createTestStore, postgresAvailable, TEST_DATABASE_URL } from "../support/db.js";

describe("where the rate limits are kept", () => {
  it("in memory on the embedded database, which admits one process", () => {
    const limits = rateLimitsFor({ kind: "pglite", sql: { query: async () => [] } }, DEFAULT_HTTP_CONFIG, () => new Date());
    expect(limits.sends).toBeInstanceOf(MemoryRateLimiter);
    expect(limits.ingest).toBeInstanceOf(TokenBuckets);
  });

  it("in the database on PostgreSQL, shared by every instance", () => {
    const limits = rateLimitsFor({ kind: "postgres", sql: { query: async () => [] } }, DEFAULT_HTTP_CONFIG, () => new Date());
    expect(limits.sends).toBeInstanceOf(PostgresRateLimiter);
    expect(limits.ingest).toBeInstanceOf(PostgresTokenBuckets);
  });
});

describe.runIf(await postgresAvailable())("two instances on one PostgreSQL database", () => {
  let store: StoreHandle;
  const apps: App[] = [];
  let key: string;
  const time = testClock(new Date());

  beforeAll(async () => {
    store = await createTestStore("postgres");
    const [{ schema }] = (await store.sql.query<{ schema: string }>("SELECT current_schema() AS schema")) as [{ schema: string }];
    const team = await buildTeam(store.prisma);
    const created = await createTeamApiKey(team.deps, team.teamId, "shared");
    if (!created.ok) throw new Error(failureText(created.error));
    key = created.value.key;
    // Two instances as `npm start` builds them, each with its own connections: 2 requests at once, then 1 a second.
    for (let i = 0; i < 2; i += 1) {
      const config = loadConfig({
        DATABASE_URL: `${TEST_DATABASE_URL}?schema=${schema}`,
        PORT: "0",
        HOST: "127.0.0.1",
        SEED_DEMO: "false",
        INGEST_RATE_PER_MINUTE: "60",
        INGEST_RATE_BURST: "2",
      });
      apps.push(await startApp(config, pino({ level: "silent" }), time.clock));
    }
  });
  afterAll(async () => {
    for (const app of apps.splice(0)) await app.stop();
    await store?.close();
  });

  const post = async (app: App, id: string) => {
    const res = await fetch(`http://127.0.0.1:${app.http.port}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ id, email: "shared@example.com", type: "website_visit" }),
    });
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as Record<string, unknown> };
  };

  it("gives a key one budget between them: the second instance answers 429 with Retry-After once the first spent it", async () => {
    const [first, second] = apps as [App, App];
    expect((await post(first, "e1")).status).toBe(200);
    expect((await post(first, "e2")).status).toBe(200);
    const refused = await post(second, "e3");
    expect(refused).toMatchObject({ status: 429, retryAfter: "1", body: { error: "rate_limited" } });
    expect((await post(first, "e3")).status).toBe(429);

    time.set(new Date(time.clock().getTime() + 1_000));
    expect((await post(second, "e3")).status).toBe(200);
    expect((await post(first, "e4")).status).toBe(429);
    expect(await store.prisma.event.count()).toBe(3);
  });

  it("grants a key's burst exactly once to concurrent requests from both instances' connections", async () => {
    const [first, second] = apps as [App, App];
    const buckets = [first, second].map((app) => new PostgresTokenBuckets(app.store.sql, 60, 5, () => 1_000_000));
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => buckets[i % 2]!.take("concurrent")));
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    expect(answers.filter((a) => !a.ok)).toEqual(Array.from({ length: 15 }, () => ({ ok: false, retryAfterSeconds: 1 })));
  });
});
