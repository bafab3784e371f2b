/**
 * Keeping stored scores current: leads whose score changes by itself (points expire, a repeat
 * buyer's cycle advances) are re-scored, with alerts. The one path for it: the re-score job,
 * the digest (just before it is built) and tests all come here, under the team's lock.
 */
import { secondsSince } from "../metrics/elapsed.js";
import { LOCKS, takeTeamLock, teamDueLeadIds, teamsWithDueLeads, tryTeamLock } from "../store/digest.repository.js";
import { loadTeamContext } from "./team-context.js";
import { rescoreWithAlerts } from "./alerts.service.js";
import type { ServiceDeps } from "./deps.js";
import type { ScoreChange } from "./scoring.service.js";

/** Leads re-scored per transaction. */
export const RESCORE_BATCH = 5_000;

/**
 * Re-scores one team's leads whose score changed by itself (points expired, buying cycle), with
 * alerts, under the team's advisory lock so two instances never re-score (and alert) the same
 * team at once. `wait: false` skips the team when another instance holds the lock (returns
 * null); `wait: true` waits for it, after which the other instance's work is already visible.
 */
export async function rescoreTeamDueLeads(
  deps: ServiceDeps,
  teamId: number,
  options: { now?: Date; wait?: boolean; batch?: number } = {},
): Promise<{ rescored: number; changes: ScoreChange[] } | null> {
  const now = options.now ?? deps.clock();
  return deps.store.transaction(
    async (tx) => {
      if (options.wait) await takeTeamLock(tx, LOCKS.rescore, teamId);
      else if (!(await tryTeamLock(tx, LOCKS.rescore, teamId))) return null;
      const ids = await teamDueLeadIds(tx, teamId, now, options.batch ?? RESCORE_BATCH);
      if (ids.length === 0) return { rescored: 0, changes: [] };
      const started = performance.now();
      const { changes } = await rescoreWithAlerts(tx, await loadTeamContext(tx, teamId), ids, now);
      deps.metrics?.rescore("due", secondsSince(started));
      return { rescored: ids.length, changes };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * Brings every team's due leads up to date now, one team per transaction (so one team's
 * trouble never holds up another's), waiting for a team another instance is re-scoring.
 * Returns the changes per team.
 */
export async function rescoreDueLeads(deps: ServiceDeps): Promise<Array<{ teamId: number; changes: ScoreChange[] }>> {
  const now = deps.clock();
  const results: Array<{ teamId: number; changes: ScoreChange[] }> = [];
  for (const teamId of await teamsWithDueLeads(deps.store.db, now)) {
    const changes: ScoreChange[] = [];
    // Batch after batch: re-scored leads move their next change past `now`.
    for (let round = 0; round < 100; round++) {
      const done = await rescoreTeamDueLeads(deps, teamId, { now, wait: true });
      changes.push(...(done?.changes ?? []));
      if (!done || done.rescored < RESCORE_BATCH) break;
    }
    results.push({ teamId, changes });
  }
  return results;
}
