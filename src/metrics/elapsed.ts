/**
 * Timing for the metrics, apart from src/metrics/metrics.ts so that code which only records
 * (through `deps.metrics`, a type) does not load prom-client.
 */

/** Seconds since `startedMs`, a `performance.now()` reading. */
export const secondsSince = (startedMs: number): number => (performance.now() - startedMs) / 1000;
