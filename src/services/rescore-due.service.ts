import { dueLeadIds } from "../store/lead-facts.repository.js";
import { loadTeamContext } from "../store/team.repository.js";
import { sqlOf } from "../store/types.js";
import type { ServiceDeps } from "./deps.js";
import type { ScoreChange } from "./scoring.service.js";
import { rescoreWithAlerts } from "./alerts.service.js";

/**
 * Re-scores leads whose score changed by itself (points expired, buying cycle advanced)
 * since they were last scored, one team per transaction so one team's trouble never holds
 * up another's. Returns the changes, per team, for alerts and digests to act on.
 */
export async function rescoreDueLeads(deps: ServiceDeps, batch = 5_000): Promise<Array<{ teamId: number; changes: ScoreChange[] }>> {
  const now = deps.clock();
  const due = await dueLeadIds(sqlOf(deps.db), now, batch);
  const byTeam = new Map<number, number[]>();
  for (const { teamId, id } of due) byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), id]);
  const results: Array<{ teamId: number; changes: ScoreChange[] }> = [];
  for (const [teamId, ids] of byTeam) {
    const { changes } = await deps.db.$transaction(async (tx) => rescoreWithAlerts(tx, await loadTeamContext(tx, teamId), ids, now), {
      timeout: 120_000,
    });
    results.push({ teamId, changes });
  }
  return results;
}
