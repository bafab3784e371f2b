import type { Store } from "../store/store.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Clock } from "./clock.js";

/** What every service needs: the store and the time, and where to count what it did. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
  /** The process's metrics (README, "Metrics"); absent, nothing is recorded (tests that do not read them). */
  metrics?: Metrics;
}

/** Long enough for re-scoring a large team after a weight change. */
export const BULK_TX = { timeout: 300_000, maxWait: 30_000 } as const;
