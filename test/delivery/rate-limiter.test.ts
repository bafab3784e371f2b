import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRateRules, MemoryRateLimiter, type RateLimiter } from "../../src/delivery/rate-limiter.js";
import { telegramRateRules } from "../../src/platforms/telegram/telegram.outbox.js";
import { openStore, type StoreHandle } from "../../src/store/client.js";
import { PostgresRateLimiter } from "../../src/store/rate-limit.repository.js";
import { createTestStore, postgresAvailable, TEST_DATABASE_URL } from "../support/db.js";

/** Slack's sender names no limits: it gets the outbox's default. */
const slackRules = (channel: string) => defaultRateRules("slack", channel);

const onPostgres = await postgresAvailable();

/** Both implementations keep the same rules; each case gets a limiter with no history. */
const implementations: Array<{ name: string; make: () => Promise<RateLimiter>; skip?: boolean }> = [
  { name: "in memory", make: async () => new MemoryRateLimiter() },
  { name: "in PostgreSQL", make: async () => new PostgresRateLimiter(await freshStore(), "caller"), skip: !onPostgres },
];

const stores: StoreHandle[] = [];
/** A migrated schema of its own (each test starts with empty windows). */
async function freshStore(): Promise<StoreHandle["sql"]> {
  const store = await createTestStore("postgres");
  stores.push(store);
  return store.sql;
}
afterAll(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe.each(implementations)("rate limiter $name", ({ make, skip }) => {
  it.skipIf(skip)("lets one message a second into a Slack channel, other channels unaffected", async () => {
    const limiter = await make();
    expect(await limiter.tryAcquire(slackRules("C1"), 0)).toBe(0);
    expect(await limiter.tryAcquire(slackRules("C1"), 300)).toBe(700);
    expect(await limiter.tryAcquire(slackRules("C2"), 300)).toBe(0);
    expect(await limiter.tryAcquire(slackRules("C1"), 1000)).toBe(0);
  });

  it.skipIf(skip)("keeps a Telegram group to 20 messages a minute", async () => {
    const limiter = await make();
    for (let i = 0; i < 20; i += 1) expect(await limiter.tryAcquire(telegramRateRules("-100"), i * 1000)).toBe(0);
    expect(await limiter.tryAcquire(telegramRateRules("-100"), 20_000)).toBe(40_000);
    expect(await limiter.tryAcquire(telegramRateRules("-100"), 60_000)).toBe(0);
  });

  it.skipIf(skip)("keeps Telegram to 30 messages a second overall, private chats not counted as groups", async () => {
    const limiter = await make();
    for (let i = 0; i < 30; i += 1) expect(await limiter.tryAcquire(telegramRateRules(String(1000 + i)), 10)).toBe(0);
    expect(await limiter.tryAcquire(telegramRateRules("2000"), 500)).toBe(510);
    expect(await limiter.tryAcquire(telegramRateRules("2000"), 1010)).toBe(0);
  });

  it.skipIf(skip)("records a send under none of its rules when one of them says wait", async () => {
    const limiter = await make();
    expect(await limiter.tryAcquire(telegramRateRules("7"), 0)).toBe(0);
    // Chat 7 must wait; the overall budget it would have used stays free for chat 8.
    for (let i = 0; i < 10; i += 1) expect(await limiter.tryAcquire(telegramRateRules("7"), 100)).toBe(900);
    for (let i = 0; i < 29; i += 1) expect(await limiter.tryAcquire(telegramRateRules(String(100 + i)), 200)).toBe(0);
    expect(await limiter.tryAcquire(telegramRateRules("200"), 300)).toBe(700);
  });

  it.skipIf(skip)("holds a channel the platform asked us to leave alone", async () => {
    const limiter = await make();
    await limiter.block("slack:C1", 30_000, 0);
    expect(await limiter.tryAcquire(slackRules("C1"), 1000)).toBe(29_000);
    expect(await limiter.tryAcquire(slackRules("C1"), 30_000)).toBe(0);
  });
});

describe.runIf(onPostgres)("rate limiter in PostgreSQL, several instances", () => {
  let store: StoreHandle;
  let other: StoreHandle;
  beforeAll(async () => {
    store = await createTestStore("postgres");
    const [{ schema }] = (await store.sql.query<{ schema: string }>("SELECT current_schema() AS schema")) as [{ schema: string }];
    // A second process: its own connection pool on the same schema.
    other = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
  });
  afterAll(async () => {
    await other?.close();
    await store?.close();
  });

  it("shares one budget between two limiters on two connections", async () => {
    const a = new PostgresRateLimiter(store.sql, "caller");
    const b = new PostgresRateLimiter(other.sql, "caller");
    expect(await a.tryAcquire(slackRules("C-SHARED"), 10_000)).toBe(0);
    expect(await b.tryAcquire(slackRules("C-SHARED"), 10_400)).toBe(600);
    expect(await b.tryAcquire(slackRules("C-SHARED"), 11_000)).toBe(0);
    expect(await a.tryAcquire(slackRules("C-SHARED"), 11_500)).toBe(500);
    // A platform's Retry-After seen by one instance holds the other too.
    await b.block("slack:C-SHARED", 8_500, 11_500);
    expect(await a.tryAcquire(slackRules("C-SHARED"), 12_000)).toBe(8_000);
  });

  it("grants a window's places exactly once under concurrent requests from both", async () => {
    const limiters = [new PostgresRateLimiter(store.sql, "caller"), new PostgresRateLimiter(other.sql, "caller")];
    // 60 requests at once for a group's 20-a-minute budget and the 30-a-second overall one:
    // each chat is new, so only the group's budget is short.
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => limiters[i % 2]!.tryAcquire([...telegramRateRules(`-9${i}`), { key: "telegram-group:-9", limit: 20, windowMs: 60_000 }], 50_000)),
    );
    expect(answers.filter((wait) => wait === 0)).toHaveLength(20);
    expect(answers.filter((wait) => wait > 0).every((wait) => wait === 60_000)).toBe(true);
    const [row] = await store.sql.query<{ hits: string[] }>(`SELECT hits FROM rate_window WHERE "key" = 'telegram-group:-9'`);
    expect(row!.hits).toHaveLength(20);
  });

  it("counts on the database's clock as instances use it, whatever time their callers pass", async () => {
    const a = new PostgresRateLimiter(store.sql);
    const b = new PostgresRateLimiter(other.sql);
    const [{ ms }] = (await store.sql.query<{ ms: string }>("SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms")) as [{ ms: string }];
    expect(await a.tryAcquire(slackRules("C-CLOCK"), 0)).toBe(0);
    // A caller a minute late or early changes nothing: the second place is a second after the first.
    const wait = await b.tryAcquire(slackRules("C-CLOCK"), Date.now() + 60_000);
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(1_000);
    const [row] = await store.sql.query<{ hits: string[] }>(`SELECT hits FROM rate_window WHERE "key" = 'slack:C-CLOCK'`);
    expect(Number(row!.hits[0])).toBeGreaterThanOrEqual(Number(ms));
    expect(Number(row!.hits[0])).toBeLessThan(Number(ms) + 5_000);
    await b.block("slack:C-CLOCK", 30_000, 0);
    expect(await a.tryAcquire(slackRules("C-CLOCK"), 0)).toBeGreaterThan(29_000);
  });
});
