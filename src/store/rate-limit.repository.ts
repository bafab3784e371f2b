/**
 * Rate limits kept in PostgreSQL, so that every instance on one database shares one budget: the
 * outbox's send windows per chat, group and platform, and the ingestion API's token bucket per
 * API key. Each check is one statement (one round trip) that decides and records atomically
 * under the row's lock, so concurrent instances never both take the last place.
 *
 * Times are epoch milliseconds. The send windows count on the database's clock, read once the
 * rows are locked: one clock for every instance, and a send is recorded when its place is taken,
 * not when its caller asked (a caller kept waiting for a connection would otherwise record a send
 * in the past, and the next instance send too soon after it). The buckets count on the caller's
 * clock (the services' clock): Retry-After is in whole seconds, and instances keep their clocks
 * in step (NTP) as the outbox's leases already ask. The rows stay small: a window keeps at most
 * its limit of send times; there is one row per chat, group, platform and API key.
 *
 * The embedded database has one process, so it keeps these limits in memory instead
 * (src/delivery/rate-limiter.ts, src/http/rate-limit.ts); src/app.ts chooses by the store's kind.
 */
import type { SqlRunner } from "./types.js";

/** At most `limit` sends per sliding `windowMs` under `key` (the outbox's RateRule). */
export interface WindowRule {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * The outbox's send windows, shared through the `rate_window` table (its functions are in the
 * migration that made it).
 */
export class PostgresRateLimiter {
  /**
   * `clock`: "database" (what instances use): the database's time, so the `now` callers pass is
   * ignored; "caller": the `now` each call passes (tests on a test clock).
   */
  constructor(
    private readonly sql: SqlRunner,
    private readonly clock: "database" | "caller" = "database",
  ) {}

  /** 0 when a send under all `rules` may go now (and is recorded under each), else the ms to wait. */
  async tryAcquire(rules: WindowRule[], now: number): Promise<number> {
    if (rules.length === 0) return 0;
    const [row] = await this.sql.query<{ wait: string | number }>(
      `SELECT rate_window_acquire($1::text[], $2::int[], $3::int[], $4::bigint) AS wait`,
      [rules.map((r) => r.key), rules.map((r) => r.limit), rules.map((r) => r.windowMs), this.at(now)],
    );
    return Math.max(0, Number(row?.wait ?? 0));
  }

  /** Holds every send under `key` for `ms` (a platform's Retry-After), for every instance. */
  async block(key: string, ms: number, now: number): Promise<void> {
    await this.sql.query(`SELECT rate_window_block($1, $2::bigint, $3::bigint)`, [key, Math.round(ms), this.at(now)]);
  }

  private at(now: number): number | null {
    return this.clock === "caller" ? Math.round(now) : null;
  }
}

/** The ingestion API's token buckets, shared through the `rate_bucket` table. */
export class PostgresTokenBuckets {
  private readonly perMs: number;

  constructor(
    private readonly sql: SqlRunner,
    ratePerMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = ratePerMinute / 60_000;
  }

  /**
   * Takes `cost` tokens for `key` (at most the whole burst), refilling the bucket for the time
   * since its last use first; when too few are left, takes nothing and says how many seconds
   * until there are. One statement: the conflict clause sees the row as it is under its lock.
   */
  async take(key: string | number, cost = 1): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    const due = Math.min(cost, this.burst);
    const refilled = `least($2::float8, b.tokens + greatest(0, $4::bigint - b.updated_at) * $5::float8)`;
    const [row] = await this.sql.query<{ granted: boolean; tokens: number }>(
      `INSERT INTO rate_bucket AS b ("key", tokens, updated_at, granted) VALUES ($1, $2::float8 - $3::float8, $4::bigint, true)
       ON CONFLICT ("key") DO UPDATE SET
         granted = ${refilled} >= $3::float8,
         tokens = ${refilled} - CASE WHEN ${refilled} >= $3::float8 THEN $3::float8 ELSE 0 END,
         updated_at = greatest(b.updated_at, $4::bigint)
       RETURNING granted, tokens`,
      [String(key), this.burst, due, Math.round(this.now()), this.perMs],
    );
    if (!row || row.granted) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((due - Number(row.tokens)) / this.perMs / 1000)) };
  }

  /** Gives back tokens taken for a request that was then refused. */
  async refund(key: string | number, tokens: number): Promise<void> {
    await this.sql.query(`UPDATE rate_bucket SET tokens = least($2::float8, tokens + $3::float8) WHERE "key" = $1`, [String(key), this.burst, tokens]);
  }
}
