/**
 * Rate limits for outgoing messages. Each rule allows `limit` sends per sliding `windowMs` for
 * one key (a channel, a group, the whole platform). Callers ask `tryAcquire` with every key a
 * message counts against: it either records the send now (0) or says how long to wait.
 *
 * Two implementations of one interface, chosen by the store's kind at start-up (src/app.ts):
 * on PostgreSQL every instance shares one budget per key (PostgresRateLimiter,
 * src/store/rate-limit.repository.ts), so N instances together keep the platform's limits; on
 * the embedded database, which admits one process, the budget is kept in memory
 * (MemoryRateLimiter, below).
 */
export interface RateRule {
  key: string;
  limit: number;
  windowMs: number;
}

/** Where the outbox's send budgets are kept. */
export interface RateLimiter {
  /** 0 when a send under all `rules` may go at `now` (and is recorded), else the ms to wait. */
  tryAcquire(rules: RateRule[], now: number): Promise<number>;
  /** Holds every send on `key` for `ms` from `now` (a platform's Retry-After). */
  block(key: string, ms: number, now: number): Promise<void>;
}

/**
 * The budgets of this process alone. Sends are recorded at the time they happen, so the logs
 * stay ordered and a check is a look at the oldest entry in the window.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly logs = new Map<string, number[]>();
  /** Keys the platform asked us to leave alone (a 429) until a given time. */
  private readonly blockedUntil = new Map<string, number>();

  async tryAcquire(rules: RateRule[], now: number): Promise<number> {
    let wait = 0;
    for (const rule of rules) {
      const blocked = this.blockedUntil.get(rule.key);
      if (blocked !== undefined) {
        if (blocked > now) wait = Math.max(wait, blocked - now);
        else this.blockedUntil.delete(rule.key);
      }
      const log = this.prune(rule, now);
      if (log.length >= rule.limit) wait = Math.max(wait, log[log.length - rule.limit]! + rule.windowMs - now);
    }
    if (wait > 0) return wait;
    for (const rule of rules) this.prune(rule, now).push(now);
    return 0;
  }

  async block(key: string, ms: number, now: number): Promise<void> {
    this.blockedUntil.set(key, Math.max(now + ms, this.blockedUntil.get(key) ?? 0));
  }

  private prune(rule: RateRule, now: number): number[] {
    let log = this.logs.get(rule.key);
    if (!log) {
      log = [];
      this.logs.set(rule.key, log);
    }
    let drop = 0;
    while (drop < log.length && log[drop]! <= now - rule.windowMs) drop += 1;
    if (drop > 0) log.splice(0, drop);
    return log;
  }
}

/**
 * The limit a platform's sender gets when it names none of its own: one message per second per
 * chat, which is what Slack publishes (Telegram's sender adds its group and global limits).
 */
export function defaultRateRules(platform: string, channel: string): RateRule[] {
  return [{ key: `${platform}:${channel}`, limit: 1, windowMs: 1000 }];
}
