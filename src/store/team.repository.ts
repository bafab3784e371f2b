/**
 * Teams, their scoring rules and the chat places bound to them. Rows only: what a team's
 * scoring means (its context, its MQL threshold) is built by src/services/team-context.ts.
 */
import type { Framework, Rule, ScoringConfig, Tier } from "../domain/types.js";
import type { OutboxPlatform, Platform } from "../platforms/names.js";
import type { SourceMapping } from "../domain/source-mapping.js";
import { groupCapsColumn, readColumn, readPlatform, ruleKind, ruleMatchColumn, sourceMappingsColumn, tiersColumn } from "./json-columns.js";
import type { Db } from "./store.js";
import { prismaOf } from "./types.js";

/** Where a team's alerts and digest go. */
export interface TeamChannel {
  platform: OutboxPlatform;
  id: string;
}

/** A team's row with its JSON columns read. */
export interface TeamRow {
  id: number;
  name: string;
  timezone: string;
  mqlTier: string;
  digestTime: string;
  /** How far below the hot threshold a score must fall before the lead can alert again. */
  alertRearmMargin: number;
  /** Where alerts and the digest go; null until a manager picks a channel. */
  channel: TeamChannel | null;
  framework: Framework;
  /** Highest first. */
  tiers: Tier[];
  groupCaps: Record<string, number>;
  /** How tracked page paths and event names map to rule types; null: the defaults. */
  sourceMappings: SourceMapping[] | null;
}

/** A team and its rules, in their order. */
export async function findTeamWithRules(db: Db, teamId: number): Promise<{ team: TeamRow; rules: Rule[] }> {
  const prisma = prismaOf(db);
  const team = await prisma.team.findUniqueOrThrow({
    where: { id: teamId },
    include: { rules: { orderBy: [{ position: "asc" }, { id: "asc" }] } },
  });
  const row = (column: string) => ({ table: "team", id: team.id, column });
  const rules = team.rules.map((rule): Rule => {
    const where = (column: string) => ({ table: "rule", id: rule.id, column });
    const kind = readColumn(ruleKind, rule.kind, where("kind"));
    return {
      key: rule.key,
      label: rule.label,
      kind,
      match: readColumn(ruleMatchColumn(kind), rule.match, where("match")),
      points: rule.points,
      validityDays: rule.validityDays,
      maxCount: rule.maxCount,
      group: rule.group,
      active: rule.active,
    };
  });
  return {
    team: {
      id: team.id,
      name: team.name,
      timezone: team.timezone,
      mqlTier: team.mqlTier,
      digestTime: team.digestTime,
      alertRearmMargin: team.alertRearmMargin,
      channel: teamChannel(team),
      framework: team.framework,
      tiers: readColumn(tiersColumn, team.tiers, row("tiers")),
      groupCaps: readColumn(groupCapsColumn, team.groupCaps, row("group_caps")),
      sourceMappings: readColumn(sourceMappingsColumn, team.sourceMappings, row("source_mappings")),
    },
    rules,
  };
}

/** The team's language as stored (Team.locale): a code src/i18n checks. */
export async function teamLocale(db: Db, teamId: number): Promise<string> {
  return (await prismaOf(db).team.findUniqueOrThrow({ where: { id: teamId }, select: { locale: true } })).locale;
}

export async function setTeamLocale(db: Db, teamId: number, locale: string): Promise<void> {
  await prismaOf(db).team.update({ where: { id: teamId }, data: { locale } });
}

export async function teamName(db: Db, teamId: number): Promise<string> {
  const prisma = prismaOf(db);
  return (await prisma.team.findUniqueOrThrow({ where: { id: teamId }, select: { name: true } })).name;
}

/** Replaces the team's rules, caps and tiers with `config`, keeping rule ids for unchanged keys. */
export async function saveScoringConfig(tx: Db, teamId: number, config: ScoringConfig): Promise<void> {
  const prisma = prismaOf(tx);
  const keys = config.rules.map((r) => r.key);
  await prisma.rule.deleteMany({ where: { teamId, key: { notIn: keys } } });
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
    await prisma.rule.upsert({
      where: { teamId_key: { teamId, key: rule.key } },
      create: { teamId, key: rule.key, ...data },
      update: data,
    });
  }
  await prisma.team.update({
    where: { id: teamId },
    data: {
      tiers: config.tiers as unknown as object,
      groupCaps: config.groupCaps,
      framework: config.framework,
    },
  });
}

export async function findTeamIdByBinding(db: Db, platform: Platform, externalId: string): Promise<number | null> {
  const prisma = prismaOf(db);
  const binding = await prisma.chatBinding.findUnique({ where: { platform_externalId: { platform, externalId } } });
  return binding?.teamId ?? null;
}

export async function bindChat(db: Db, teamId: number, platform: Platform, externalId: string): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.chatBinding.create({ data: { teamId, platform, externalId } });
}

/** A new team with `config` as its scoring; `locale`: its language (a registered code), English by default. */
export async function insertTeam(tx: Db, name: string, timezone: string, config: ScoringConfig, locale?: string): Promise<number> {
  const prisma = prismaOf(tx);
  const team = await prisma.team.create({
    data: { name, timezone, framework: config.framework, tiers: config.tiers as unknown as object, groupCaps: config.groupCaps, ...(locale ? { locale } : {}) },
  });
  await saveScoringConfig(tx, team.id, config);
  return team.id;
}

/** Whether the database holds any team yet (the demo is seeded only into an empty one). */
export async function anyTeamExists(db: Db): Promise<boolean> {
  const prisma = prismaOf(db);
  return (await prisma.team.findFirst({ select: { id: true } })) !== null;
}

/** Sets where the team's alerts and digest are posted; a delivery problem of the old destination is forgotten. */
export async function setTeamChannel(db: Db, teamId: number, platform: OutboxPlatform, channelId: string): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.team.update({ where: { id: teamId }, data: { channelPlatform: platform, digestChannel: channelId, deliveryProblem: null, deliveryProblemAt: null } });
}

/** Where a team's alerts and digest go, from its stored columns; null until one is chosen (or if it is the console). */
export function teamChannel(team: { id: number; digestChannel: string | null; channelPlatform: string | null }): TeamChannel | null {
  if (!team.digestChannel || team.channelPlatform === null) return null;
  const platform = readPlatform(team.channelPlatform, { table: "team", id: team.id, column: "channel_platform" });
  return platform === "console" ? null : { platform, id: team.digestChannel };
}
