import { RESCORE_BATCH, rescoreTeamDueLeads } from "../services/rescore-due.service.js";
import type { ServiceDeps } from "../services/deps.js";
import { teamsWithDueLeads } from "../store/digest.repository.js";
import { silentLog, type JobLog } from "./job-log.js";

/** Every minute, at second 30 so it does not start together with the digest check. */
export const RESCORE_SCHEDULE = "30 * * * * *";

/** Batches per team per run; the rest waits for the next minute. */
const MAX_ROUNDS = 20;

export interface RescoreRunSummary {
  /** Leads re-scored, per team this instance handled. */
  teams: Array<{ teamId: number; rescored: number; changed: number }>;
  /** Teams another instance was already re-scoring. */
  skipped: number[];
  failed: number[];
}

/**
 * Re-scores leads whose score changed by itself (points expired, buying cycle), team by team,
 * with alerts. Each team is re-scored under its advisory lock: with several instances, one
 * does it and the others skip. One team's failure is logged and never stops the others. Once
 * `signal` aborts (the bot stops), the batch in progress is finished and the rest left for the next run.
 */
export async function run(deps: ServiceDeps, log: JobLog = silentLog, signal?: AbortSignal): Promise<RescoreRunSummary> {
  const now = deps.clock();
  const summary: RescoreRunSummary = { teams: [], skipped: [], failed: [] };
  for (const teamId of await teamsWithDueLeads(deps.store.db, now)) {
    // Stopping: the team in progress was finished; the next run takes the others.
    if (signal?.aborted) break;
    try {
      let rescored = 0;
      let changed = 0;
      let skipped = false;
      // A batch per transaction; a team with more due leads than a batch goes round again.
      for (let round = 0; round < MAX_ROUNDS; round++) {
        if (round > 0 && signal?.aborted) break;
        const done = await rescoreTeamDueLeads(deps, teamId, { now });
        if (!done) {
          skipped = round === 0;
          break;
        }
        rescored += done.rescored;
        changed += done.changes.length;
        if (done.rescored < RESCORE_BATCH) break;
      }
      if (skipped) {
        summary.skipped.push(teamId);
        continue;
      }
      summary.teams.push({ teamId, rescored, changed });
      if (changed > 0) log.info({ teamId, rescored, changed }, "re-scored due leads");
    } catch (err) {
      summary.failed.push(teamId);
      log.error({ err, teamId }, "re-scoring due leads failed for a team; the next run retries it");
    }
  }
  return summary;
}
