/**
 * What the services need to know about a team to score its leads, built from the store's rows
 * (src/store/team.repository.ts): the store returns rows, the meaning of them lives here and in
 * the domain.
 */
import { mqlThreshold } from "../domain/tiers.js";
import type { ScoringConfig } from "../domain/types.js";
import type { Db } from "../store/store.js";
import { findTeamWithRules, type TeamRow, type TeamWithRules } from "../store/team.repository.js";

/** The team's row as the store reads it, with its rules, tiers, caps and framework as one scoring config. */
export interface TeamContext extends Omit<TeamRow, "framework" | "tiers" | "groupCaps"> {
  config: ScoringConfig;
}

export async function loadTeamContext(db: Db, teamId: number): Promise<TeamContext> {
  return teamContextOf(await findTeamWithRules(db, teamId));
}

/** The context of a team read with its rules (by findTeamWithRules, or along with another read). */
export function teamContextOf({ team, rules }: TeamWithRules): TeamContext {
  const { framework, tiers, groupCaps, ...rest } = team;
  return { ...rest, config: { rules, groupCaps, tiers, framework } };
}

/** The score at which a lead of this team becomes an MQL. */
export const mqlMin = (team: TeamContext): number => mqlThreshold(team.config.tiers, team.mqlTier);
