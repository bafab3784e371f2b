import type { Store } from "../store/store.js";
import type { Clock } from "./clock.js";

/** What every service needs: the store and the time. */
export interface ServiceDeps {
  store: Store;
  clock: Clock;
}

/** Long enough for re-scoring a large team after a weight change. */
export const BULK_TX = { timeout: 300_000, maxWait: 30_000 } as const;
