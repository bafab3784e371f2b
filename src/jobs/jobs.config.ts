import { z } from "zod";
import { unset } from "../config-part.js";

/** How long unidentified visitors' activity is kept when ANONYMOUS_RETENTION_DAYS is unset. */
export const DEFAULT_ANONYMOUS_RETENTION_DAYS = 90;

const wrongDays = { error: "ANONYMOUS_RETENTION_DAYS must be a whole number of days from 1 to 36500 (unset: 90)." };

/** The scheduled jobs' variables (src/config.ts composes them with every other module's). */
export const jobsEnv = z.object({
  /** Days an anonymous visitor's activity waits for an identify before the daily job deletes it. */
  ANONYMOUS_RETENTION_DAYS: z.preprocess(
    unset,
    z.coerce.number(wrongDays).int(wrongDays).min(1, wrongDays).max(36_500, wrongDays).default(DEFAULT_ANONYMOUS_RETENTION_DAYS),
  ),
});

export interface JobsConfig {
  /** Anonymous events that happened longer ago than this many days are deleted (daily). */
  anonymousRetentionDays: number;
}

export function jobsConfigFrom(values: z.output<typeof jobsEnv>): JobsConfig {
  return { anonymousRetentionDays: values.ANONYMOUS_RETENTION_DAYS };
}
