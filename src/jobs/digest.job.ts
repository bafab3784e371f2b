import { digestDueNow, sendDigest } from "../services/digest-send.service.js";
import type { ServiceDeps } from "../services/deps.js";
import { teamsWithDigestChannel } from "../store/digest.repository.js";
import { silentLog, type JobLog } from "./job-log.js";

/**
 * Every minute: each team decides in its own time zone whether its digest is due, so one
 * schedule serves every team and a run missed while the bot was down is simply the next one.
 */
export const DIGEST_CHECK_SCHEDULE = "* * * * *";

export interface DigestRunSummary {
  sent: Array<{ teamId: number; localDate: string; late: boolean }>;
  failed: number[];
}

/**
 * Sends every due digest that no instance has sent yet (the JobRun unique key decides).
 * Start-up catch-up is this same run: a digest missed while the bot was down is due and
 * unsent, and goes out marked late. One team's failure is logged and never stops the others.
 */
export async function run(deps: ServiceDeps, log: JobLog = silentLog, signal?: AbortSignal): Promise<DigestRunSummary> {
  const now = deps.clock();
  const summary: DigestRunSummary = { sent: [], failed: [] };
  for (const team of await teamsWithDigestChannel(deps.store.db)) {
    // Stopping: the next start's run sends what is still due (late, once).
    if (signal?.aborted) break;
    try {
      const due = await digestDueNow(deps, team, now);
      if (!due) continue;
      const result = await sendDigest(deps, team.id, due.localDate, { late: due.late });
      if (result.status !== "sent") continue;
      summary.sent.push({ teamId: team.id, localDate: due.localDate, late: due.late });
      log.info({ teamId: team.id, localDate: due.localDate, late: due.late, outboxId: result.outboxId }, "digest queued");
    } catch (err) {
      summary.failed.push(team.id);
      log.error({ err, teamId: team.id }, "digest failed for a team; the next check retries it");
    }
  }
  return summary;
}
