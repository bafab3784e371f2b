import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { backoffMs, DEFAULT_DELIVERY_OPTIONS } from "../../src/delivery/outbox.worker.js";

/** The outbox worker's part of the one configuration. */
const deliveryOptionsFromEnv = (env: Record<string, string>) => loadConfig(env).delivery;

describe("delivery options", () => {
  it("doubles the back-off per attempt, with jitter in its upper half, up to the cap", () => {
    const at = (attempts: number, random: number) => backoffMs(attempts, { baseBackoffMs: 1000, maxBackoffMs: 10_000, random: () => random });
    expect([1, 2, 3, 4].map((n) => at(n, 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => at(n, 0.5))).toEqual([750, 1500, 3000, 6000]);
    expect(at(10, 0)).toBe(5000);
    expect(at(10, 1)).toBe(10_000);
  });

  it("reads attempts, poll period, batch size and lease from the environment", () => {
    expect(deliveryOptionsFromEnv({ OUTBOX_MAX_ATTEMPTS: "5", OUTBOX_POLL_MS: "250", OUTBOX_BATCH_SIZE: "", OUTBOX_LEASE_MS: "90000" })).toEqual({
      maxAttempts: 5,
      pollIntervalMs: 250,
      leaseMs: 90_000,
    });
    expect(deliveryOptionsFromEnv({})).toEqual({});
    expect(() => deliveryOptionsFromEnv({ OUTBOX_MAX_ATTEMPTS: "zero" })).toThrow();
    expect(DEFAULT_DELIVERY_OPTIONS.maxAttempts).toBe(8);
  });
});
