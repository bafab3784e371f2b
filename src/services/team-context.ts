/**
 * What the services need to know about a team to score its leads, built from the store's rows
 * (src/store/team.repository.ts): the store returns rows, the meaning of them lives here and in
 * the domain.
 */
import { mqlThreshold } from "../domain/tiers.js";
import type { ScoringConfig } from "../domain/types.js";
import type { Db } from "../store/store.js";
import { findTeamWithRules, type TeamChannel } from "../store/team.repository.js";

export interface TeamContext {
  id: number;
  name: string;
  timezone: string;
  mqlTier: string;
  digestTime: string;
  /** How far below the hot threshold a score must fall before the lead can alert again. */
  alertRearmMargin: number;
  /** Where alerts and the digest go; null until a manager picks a channel. */
  channel: TeamChannel | null;
  config: ScoringConfig;
}

export async function loadTeamContext(db: Db, teamId: number): Promise<TeamContext> {
  const { team, rules } = await findTeamWithRules(db, teamId);
  return {
    id: team.id,
    name: team.name,
    timezone: team.timezone,
    mqlTier: team.mqlTier,
    digestTime: team.digestTime,
    alertRearmMargin: team.alertRearmMargin,
    channel: team.channel,
    config: { rules, groupCaps: team.groupCaps, tiers: team.tiers, framework: team.framework },
  };
}

/** The score at which a lead of this team becomes an MQL. */
export const mqlMin = (team: TeamContext): number => mqlThreshold(team.config.tiers, team.mqlTier);
