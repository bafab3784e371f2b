/**
 * Teams, their scoring rules and the chat places bound to them. Rows only: what a team's
 * scoring means (its context, its MQL threshold) is built by src/services/team-context.ts.
 */
import type { Framework, Rule, ScoringConfig, Tier } from "../domain/types.js";
import type { OutboxPlatform, Platform } from "../platforms/names.js";
import type { SourceMapping } from "../domain/source-mapping.js";
import { groupCapsColumn, readColumn, readPlatform, ruleKind, ruleMatchColumn, sourceMappingsColumn, tiersColumn } from "./json-columns.js";
import type { Db } from "./store.js";
import { preparedSqlOf, prismaOf } from "./types.js";

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
export interface TeamWithRules {
  team: TeamRow;
  rules: Rule[];
}

/**
 * The team `$<param>` with its rules as one JSON text (see decodeTeamWithRules): one round trip,
 * and other reads embed it to bring the team along with what they read (see lead-status.repository.ts).
 */
export const teamWithRulesJson = (param: string): string => `
  (SELECT json_build_array(t.id, t.name, t.timezone, t.mql_tier, t.digest_time, t.alert_rearm_margin, t.digest_channel,
                           t.channel_platform, t.framework, t.tiers, t.group_caps, t.source_mappings,
                           (SELECT json_agg(json_build_array(r.id, r.key, r.label, r.kind, r.match, r.points, r.validity_days,
                                                             r.max_count, r."group", r.active) ORDER BY r.position, r.id)
                              FROM rule AS r WHERE r.team_id = t.id))::text
     FROM team AS t WHERE t.id = ${param})`;

type TeamTuple = [
  id: number,
  name: string,
  timezone: string,
  mqlTier: string,
  digestTime: string,
  alertRearmMargin: number,
  digestChannel: string | null,
  channelPlatform: string | null,
  framework: Framework,
  tiers: unknown,
  groupCaps: unknown,
  sourceMappings: unknown,
  rules: RuleTuple[] | null,
];
type RuleTuple = [
  id: number,
  key: string,
  label: string,
  kind: string,
  match: unknown,
  points: number,
  validityDays: number | null,
  maxCount: number | null,
  group: string | null,
  active: boolean,
];

/** The JSON text teamWithRulesJson builds, its JSON columns read (InvalidRow naming a bad one). */
export function decodeTeamWithRules(json: string | null, teamId: number): TeamWithRules {
  if (json === null) throw new Error(`team ${teamId} not found`);
  const t = JSON.parse(json) as TeamTuple;
  const row = (column: string) => ({ table: "team", id: t[0], column });
  const rules = (t[12] ?? []).map((r): Rule => {
    const where = (column: string) => ({ table: "rule", id: r[0], column });
    const kind = readColumn(ruleKind, r[3], where("kind"));
    return {
      key: r[1],
      label: r[2],
      kind,
      match: readColumn(ruleMatchColumn(kind), r[4], where("match")),
      points: r[5],
      validityDays: r[6],
      maxCount: r[7],
      group: r[8],
      active: r[9],
    };
  });
  return {
    team: {
      id: t[0],
      name: t[1],
      timezone: t[2],
      mqlTier: t[3],
      digestTime: t[4],
      alertRearmMargin: t[5],
      channel: teamChannel({ id: t[0], digestChannel: t[6], channelPlatform: t[7] }),
      framework: t[8],
      tiers: readColumn(tiersColumn, t[9], row("tiers")),
      groupCaps: readColumn(groupCapsColumn, t[10], row("group_caps")),
      sourceMappings: readColumn(sourceMappingsColumn, t[11], row("source_mappings")),
    },
    rules,
  };
}

/** A team and its rules, in their order, in one statement. */
export async function findTeamWithRules(db: Db, teamId: number): Promise<TeamWithRules> {
  const [row] = await preparedSqlOf(db).query<{ team: string | null }>(`SELECT ${teamWithRulesJson("$1::int")} AS team`, [teamId]);
  return decodeTeamWithRules(row?.team ?? null, teamId);
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
