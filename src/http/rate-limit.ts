/** What a take from a key's bucket answers. */
export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * The ingestion API's rate limit: a token bucket per API key, `ratePerMinute` sustained with
 * bursts of `burst`. Two implementations, chosen by the store's kind at start-up (src/app.ts):
 * on PostgreSQL one bucket per key is shared by every instance (PostgresTokenBuckets,
 * src/store/rate-limit.repository.ts), so a key gets its budget once, not once per instance; on
 * the embedded database, one process, it is kept in memory (TokenBuckets, below).
 */
export interface KeyRateLimit {
  /**
   * Takes `cost` tokens for `key` (a request that does the work of several pays for each);
   * when too few are left, takes nothing and answers how many seconds until there are. A cost
   * above the burst is charged as the whole burst, so a large request still gets through once
   * the bucket is full.
   */
  take(key: string | number, cost?: number): Promise<TakeResult>;
  /** Gives back tokens taken for a request that was then refused. */
  refund(key: string | number, tokens: number): Promise<void>;
}

/** The buckets of this process alone. Time is injected so tests control it. */
export class TokenBuckets implements KeyRateLimit {
  private readonly buckets = new Map<string | number, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    ratePerMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = ratePerMinute / 60_000;
  }

  async take(key: string | number, cost = 1): Promise<TakeResult> {
    const due = Math.min(cost, this.burst);
    const bucket = this.refilled(key);
    if (bucket.tokens >= due) {
      bucket.tokens -= due;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((due - bucket.tokens) / this.perMs / 1000)) };
  }

  async refund(key: string | number, tokens: number): Promise<void> {
    const bucket = this.refilled(key);
    bucket.tokens = Math.min(this.burst, bucket.tokens + tokens);
  }

  private refilled(key: string | number): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }
}
