import { z } from "zod";
import type { DeliveryOptions } from "./outbox.worker.js";

/** An empty variable counts as unset. */
const positive = z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().positive().optional());

/** The outbox worker's variables (src/config.ts composes them with every other module's). */
export const deliveryEnv = z.object({
  OUTBOX_MAX_ATTEMPTS: positive,
  OUTBOX_POLL_MS: positive,
  OUTBOX_BATCH_SIZE: positive,
  OUTBOX_LEASE_MS: positive,
});

/** What the environment sets of the worker's options; the rest keep DEFAULT_DELIVERY_OPTIONS. */
export type DeliveryConfig = Partial<Pick<DeliveryOptions, "maxAttempts" | "pollIntervalMs" | "batchSize" | "leaseMs">>;

export function deliveryConfigFrom(values: z.output<typeof deliveryEnv>): DeliveryConfig {
  return {
    ...(values.OUTBOX_MAX_ATTEMPTS ? { maxAttempts: values.OUTBOX_MAX_ATTEMPTS } : {}),
    ...(values.OUTBOX_POLL_MS ? { pollIntervalMs: values.OUTBOX_POLL_MS } : {}),
    ...(values.OUTBOX_BATCH_SIZE ? { batchSize: values.OUTBOX_BATCH_SIZE } : {}),
    ...(values.OUTBOX_LEASE_MS ? { leaseMs: values.OUTBOX_LEASE_MS } : {}),
  };
}
