import { scoreLead } from "../domain/score.js";
import { stageAfterScore } from "../domain/stages.js";
import type { ScoreResult, ScoringConfig, Stage } from "../domain/types.js";
import {
  leadIdPage,
  loadLeadsWithFacts,
  writeScores,
  writeStageChanges,
  type ScoreWrite,
  type StageWrite,
} from "../store/lead-facts.repository.js";
import { mqlMin, type TeamContext } from "../store/team.repository.js";
import type { SqlRunner } from "../store/types.js";
import { localDay } from "./clock.js";

/** A lead whose stored score, tier or stage moved. Alerts and digests build on these. */
export interface ScoreChange {
  leadId: number;
  name: string;
  from: { score: number; tier: string; stage: Stage };
  to: { score: number; tier: string; stage: Stage };
}

const PAGE = 2_000;

/**
 * Re-scores the given leads under `config` (by default the team's own) and stores what
 * changed, with today's snapshot and any MQL stage move. Run it inside the transaction of
 * whatever caused the change, so the stored score never disagrees with the data.
 */
export async function rescoreLeads(
  sql: SqlRunner,
  team: TeamContext,
  leadIds: number[],
  now: Date,
  options: { memberId?: number | null; config?: ScoringConfig } = {},
): Promise<ScoreChange[]> {
  const config = options.config ?? team.config;
  const threshold = mqlMin({ ...team, config });
  const loaded = await loadLeadsWithFacts(sql, team.id, leadIds);
  const writes: ScoreWrite[] = [];
  const stageWrites: StageWrite[] = [];
  const changes: ScoreChange[] = [];
  for (const { lead, facts } of loaded.values()) {
    const result = scoreLead(config, facts, now);
    const stage = stageAfterScore(lead.stage, result.score, threshold);
    const nextChangeAt = result.nextChangeAt?.getTime() ?? null;
    const moved = result.score !== lead.score || result.tier.key !== lead.tier || stage !== lead.stage;
    if (!moved && nextChangeAt === lead.nextChangeAt) continue;
    writes.push({ id: lead.id, score: result.score, tier: result.tier.key, stage, nextChangeAt: result.nextChangeAt });
    if (stage !== lead.stage) stageWrites.push({ leadId: lead.id, from: lead.stage, to: stage, reason: `score reached ${result.score}` });
    if (moved) {
      changes.push({
        leadId: lead.id,
        name: lead.name,
        from: { score: lead.score, tier: lead.tier, stage: lead.stage },
        to: { score: result.score, tier: result.tier.key, stage },
      });
    }
  }
  await writeScores(sql, team.id, writes, now, localDay(now, team.timezone));
  await writeStageChanges(sql, team.id, stageWrites, now, options.memberId ?? null);
  return changes;
}

/** Re-scores every lead of a team, a page at a time. */
export async function rescoreTeam(
  sql: SqlRunner,
  team: TeamContext,
  now: Date,
  options: { memberId?: number | null; config?: ScoringConfig } = {},
): Promise<ScoreChange[]> {
  const changes: ScoreChange[] = [];
  for (let after = 0; ; ) {
    const ids = await leadIdPage(sql, team.id, after, PAGE);
    if (ids.length === 0) break;
    changes.push(...(await rescoreLeads(sql, team, ids, now, options)));
    after = ids[ids.length - 1]!;
  }
  return changes;
}

/** Scores one lead as it stands now, without storing anything: what `/lead status` shows. */
export async function explainLead(sql: SqlRunner, team: TeamContext, leadId: number, now: Date): Promise<ScoreResult | null> {
  const loaded = await loadLeadsWithFacts(sql, team.id, [leadId]);
  const entry = loaded.get(leadId);
  return entry ? scoreLead(team.config, entry.facts, now) : null;
}

/**
 * Every lead's score now under the team's configuration and under `config`, without
 * writing anything: what a weights preview compares.
 */
export async function scoreTeamUnder(
  sql: SqlRunner,
  team: TeamContext,
  config: ScoringConfig,
  now: Date,
): Promise<Array<{ id: number; name: string; before: { score: number; tier: string }; after: ScoreResult }>> {
  const out: Array<{ id: number; name: string; before: { score: number; tier: string }; after: ScoreResult }> = [];
  for (let after = 0; ; ) {
    const ids = await leadIdPage(sql, team.id, after, PAGE);
    if (ids.length === 0) break;
    const loaded = await loadLeadsWithFacts(sql, team.id, ids);
    for (const { lead, facts } of loaded.values()) {
      const before = scoreLead(team.config, facts, now);
      out.push({ id: lead.id, name: lead.name, before: { score: before.score, tier: before.tier.key }, after: scoreLead(config, facts, now) });
    }
    after = ids[ids.length - 1]!;
  }
  return out;
}
