import { z } from "zod";
import { unset, type ReportProblem } from "../config-part.js";

/**
 * Where `GET /metrics` is served (README, "Metrics"): on a port of its own (METRICS_PORT), or on
 * the API's PORT behind a bearer token (METRICS_TOKEN), or both (its own port, token required).
 * Neither set: it is not served. src/config.ts composes this part with every other module's.
 */
export const metricsEnv = z.object({
  METRICS_PORT: z.preprocess(unset, z.coerce.number().int().min(0).max(65_535).optional()),
  METRICS_TOKEN: z.preprocess(
    unset,
    z
      .string()
      .min(16, "METRICS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24).")
      .regex(/^[\x21-\x7e]+$/, "METRICS_TOKEN must be printable ASCII without spaces (it is sent in an Authorization header).")
      .optional(),
  ),
});

export interface MetricsConfig {
  /** Its own port (0: any free one), or null: served on PORT when a token is set, else not at all. */
  port: number | null;
  /** The bearer token a scrape must send, or null: none asked (only on its own port). */
  token: string | null;
}

/**
 * The variables of other parts this one checks against: a port of its own must be free of
 * theirs (Telegram's webhook port only when a webhook is set up; it has a default otherwise).
 */
export const METRICS_NEIGHBOURS = ["PORT", "SLACK_PORT", "TELEGRAM_WEBHOOK_PORT", "TELEGRAM_WEBHOOK_URL"] as const;

interface Neighbours {
  PORT?: number | undefined;
  SLACK_PORT?: number | undefined;
  TELEGRAM_WEBHOOK_PORT?: number | undefined;
  TELEGRAM_WEBHOOK_URL?: string | undefined;
}

export function metricsConfigFrom(e: z.output<typeof metricsEnv> & Neighbours, report: ReportProblem): MetricsConfig {
  const port = e.METRICS_PORT ?? null;
  if (port !== null && port !== 0) {
    const taken: Array<[string, number | undefined]> = [
      ["PORT", e.PORT],
      ["SLACK_PORT", e.SLACK_PORT],
      ["TELEGRAM_WEBHOOK_PORT", e.TELEGRAM_WEBHOOK_URL ? e.TELEGRAM_WEBHOOK_PORT : undefined],
    ];
    for (const [other, value] of taken) {
      if (value === port) report("METRICS_PORT", `${port} is already ${other}; pick another one.`);
    }
  }
  return { port, token: e.METRICS_TOKEN ?? null };
}

/** Metrics off: neither variable set. */
export const NO_METRICS_ENDPOINT: MetricsConfig = { port: null, token: null };
