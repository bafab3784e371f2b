import type { Framework, Rule, RuleKind, RuleMatch, ScoringConfig, Tier } from "../domain/types.js";
import type { DbOrTx } from "./types.js";

/** What the services need to know about a team to score its leads. */
export interface TeamContext {
  id: number;
  name: string;
  timezone: string;
  mqlTier: string;
  digestTime: string;
  /** How far below the hot threshold a score must fall before the lead can alert again. */
  alertRearmMargin: number;
  /** Where alerts and the digest go; null until a manager picks a channel. */
  channel: { platform: "slack" | "telegram"; id: string } | null;
  config: ScoringConfig;
}

export async function loadTeamContext(db: DbOrTx, teamId: number): Promise<TeamContext> {
  const team = await db.team.findUniqueOrThrow({
    where: { id: teamId },
    include: { rules: { orderBy: [{ position: "asc" }, { id: "asc" }] } },
  });
  const rules: Rule[] = team.rules.map((row) => ({
    key: row.key,
    label: row.label,
    kind: row.kind as RuleKind,
    match: row.match as RuleMatch,
    points: row.points,
    validityDays: row.validityDays,
    maxCount: row.maxCount,
    group: row.group,
    active: row.active,
  }));
  return {
    id: team.id,
    name: team.name,
    timezone: team.timezone,
    mqlTier: team.mqlTier,
    digestTime: team.digestTime,
    alertRearmMargin: team.alertRearmMargin,
    channel: teamChannel(team),
    config: {
      rules,
      groupCaps: team.groupCaps as Record<string, number>,
      tiers: team.tiers as unknown as Tier[],
      framework: team.framework as Framework,
    },
  };
}

/** The score at which a lead becomes an MQL: the minimum of the team's MQL tier. */
export function mqlMin(team: TeamContext): number {
  const tier = team.config.tiers.find((t) => t.key === team.mqlTier);
  return tier?.min ?? team.config.tiers[team.config.tiers.length - 2]?.min ?? 0;
}

/** Replaces the team's rules, caps and tiers with `config`, keeping rule ids for unchanged keys. */
export async function saveScoringConfig(tx: DbOrTx, teamId: number, config: ScoringConfig): Promise<void> {
  const keys = config.rules.map((r) => r.key);
  await tx.rule.deleteMany({ where: { teamId, key: { notIn: keys } } });
  for (const [position, rule] of config.rules.entries()) {
    const data = {
      label: rule.label,
      kind: rule.kind,
      match: rule.match as object,
      points: rule.points,
      validityDays: rule.validityDays ?? null,
      maxCount: rule.maxCount ?? null,
      group: rule.group ?? null,
      active: rule.active ?? true,
      position,
    };
    await tx.rule.upsert({
      where: { teamId_key: { teamId, key: rule.key } },
      create: { teamId, key: rule.key, ...data },
      update: data,
    });
  }
  await tx.team.update({
    where: { id: teamId },
    data: {
      tiers: config.tiers as unknown as object,
      groupCaps: config.groupCaps,
      framework: config.framework,
    },
  });
}

export async function findTeamIdByBinding(db: DbOrTx, platform: "console" | "slack" | "telegram", externalId: string): Promise<number | null> {
  const binding = await db.chatBinding.findUnique({ where: { platform_externalId: { platform, externalId } } });
  return binding?.teamId ?? null;
}

export async function bindChat(db: DbOrTx, teamId: number, platform: "console" | "slack" | "telegram", externalId: string): Promise<void> {
  await db.chatBinding.create({ data: { teamId, platform, externalId } });
}

/** A new team with `config` as its scoring. */
export async function insertTeam(tx: DbOrTx, name: string, timezone: string, config: ScoringConfig): Promise<number> {
  const team = await tx.team.create({
    data: { name, timezone, framework: config.framework, tiers: config.tiers as unknown as object, groupCaps: config.groupCaps },
  });
  await saveScoringConfig(tx, team.id, config);
  return team.id;
}

/** Sets where the team's alerts and digest are posted; a delivery problem of the old destination is forgotten. */
export async function setTeamChannel(db: DbOrTx, teamId: number, platform: "slack" | "telegram", channelId: string): Promise<void> {
  await db.team.update({ where: { id: teamId }, data: { channelPlatform: platform, digestChannel: channelId, deliveryProblem: null, deliveryProblemAt: null } });
}

/** Where a team's alerts and digest go, from its stored columns; null until one is chosen. */
export function teamChannel(team: { digestChannel: string | null; channelPlatform: string | null }): TeamContext["channel"] {
  return team.digestChannel && (team.channelPlatform === "slack" || team.channelPlatform === "telegram")
    ? { platform: team.channelPlatform, id: team.digestChannel }
    : null;
}
