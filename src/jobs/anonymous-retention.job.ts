import { anonymousRetentionCutoff, forgetExpiredAnonymousActivity, teamsWithExpiredAnonymousActivity } from "../services/anonymous-retention.service.js";
import type { ServiceDeps } from "../services/deps.js";
import { DEFAULT_ANONYMOUS_RETENTION_DAYS } from "./jobs.config.js";
import { silentLog, type JobLog } from "./job-log.js";

/** Once a day, at 03:17 UTC (a quiet hour, off the minute the other jobs start on). */
export const ANONYMOUS_RETENTION_SCHEDULE = "0 17 3 * * *";

export interface AnonymousRetentionRunSummary {
  /** The moment before which anonymous activity was deleted. */
  cutoff: Date;
  /** Rows deleted, per team that had any to delete. */
  teams: Array<{ teamId: number; deleted: number }>;
  failed: number[];
}

/**
 * Deletes anonymous visitors' activity (`anonymous_event`) that happened more than `days` days
 * ago, team by team, in chunks (src/services/anonymous-retention.service.ts). Idempotent, so
 * several instances running it at once only share the work: no lock or run record is needed,
 * and start-up catch-up is simply this run. One team's failure is logged and never stops the
 * others. Once `signal` aborts, the chunk in progress is finished and the rest left for the next run.
 */
export async function run(
  deps: ServiceDeps,
  log: JobLog = silentLog,
  signal?: AbortSignal,
  days: number = DEFAULT_ANONYMOUS_RETENTION_DAYS,
): Promise<AnonymousRetentionRunSummary> {
  const cutoff = anonymousRetentionCutoff(deps.clock(), days);
  const summary: AnonymousRetentionRunSummary = { cutoff, teams: [], failed: [] };
  for (const teamId of await teamsWithExpiredAnonymousActivity(deps, cutoff)) {
    if (signal?.aborted) break;
    try {
      const done = await forgetExpiredAnonymousActivity(deps, teamId, { cutoff, signal });
      if (done.deleted === 0) continue;
      summary.teams.push({ teamId, deleted: done.deleted });
      log.info({ teamId, deleted: done.deleted, chunks: done.chunks, before: cutoff.toISOString() }, "deleted expired anonymous activity");
    } catch (err) {
      summary.failed.push(teamId);
      log.error({ err, teamId }, "deleting expired anonymous activity failed for a team; the next run retries it");
    }
  }
  return summary;
}
