import { describe, expect, it } from "vitest";
import { defaultRateRules, RateLimiter } from "../../src/delivery/rate-limiter.js";
import { telegramRateRules } from "../../src/platforms/telegram/telegram.outbox.js";

/** Slack's sender names no limits: it gets the outbox's default. */
const slackRules = (channel: string) => defaultRateRules("slack", channel);

describe("rate limiter", () => {
  it("lets one message a second into a Slack channel, other channels unaffected", () => {
    const limiter = new RateLimiter();
    expect(limiter.tryAcquire(slackRules("C1"), 0)).toBe(0);
    expect(limiter.tryAcquire(slackRules("C1"), 300)).toBe(700);
    expect(limiter.tryAcquire(slackRules("C2"), 300)).toBe(0);
    expect(limiter.tryAcquire(slackRules("C1"), 1000)).toBe(0);
  });

  it("keeps a Telegram group to 20 messages a minute", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 20; i += 1) expect(limiter.tryAcquire(telegramRateRules("-100"), i * 1000)).toBe(0);
    expect(limiter.tryAcquire(telegramRateRules("-100"), 20_000)).toBe(40_000);
    expect(limiter.tryAcquire(telegramRateRules("-100"), 60_000)).toBe(0);
  });

  it("keeps Telegram to 30 messages a second overall, private chats not counted as groups", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 30; i += 1) expect(limiter.tryAcquire(telegramRateRules(String(1000 + i)), 10)).toBe(0);
    expect(limiter.tryAcquire(telegramRateRules("2000"), 500)).toBe(510);
    expect(limiter.tryAcquire(telegramRateRules("2000"), 1010)).toBe(0);
  });

  it("holds a channel the platform asked us to leave alone", () => {
    const limiter = new RateLimiter();
    limiter.block("slack:C1", 30_000);
    expect(limiter.tryAcquire(slackRules("C1"), 1000)).toBe(29_000);
    expect(limiter.tryAcquire(slackRules("C1"), 30_000)).toBe(0);
  });
});
