/**
 * A token bucket per key, in memory: each instance limits on its own, which is what a
 * per-process guard against a runaway client needs. Time is injected so tests control it.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string | number, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    ratePerMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = ratePerMinute / 60_000;
  }

  /**
   * Takes `cost` tokens for `key` (a request that does the work of several pays for each);
   * when too few are left, answers how many seconds until there are. A cost above the burst
   * is charged as the whole burst, so a large request still gets through once the bucket is full.
   */
  take(key: string | number, cost = 1): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const due = Math.min(cost, this.burst);
    const bucket = this.refilled(key);
    if (bucket.tokens >= due) {
      bucket.tokens -= due;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((due - bucket.tokens) / this.perMs / 1000)) };
  }

  /** Gives back tokens taken for a request that was then refused. */
  refund(key: string | number, tokens: number): void {
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
