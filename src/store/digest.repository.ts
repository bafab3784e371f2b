import type { OutboxPlatform } from "../platforms/names.js";
import type { Db } from "./store.js";
import { teamChannel } from "./team.repository.js";
import { prismaOf, sqlOf } from "./types.js";

/** Stages whose leads no longer need anyone's attention; the digest leaves them out. */
export const CLOSED_STAGES = ["won", "lost", "disqualified"] as const;
const OPEN = `stage::text NOT IN ('won', 'lost', 'disqualified')`;

export interface DigestSettingsRow {
  id: number;
  name: string;
  timezone: string;
  digestTime: string;
  digestDays: string;
  channel: { platform: OutboxPlatform; id: string } | null;
}

export async function digestSettings(db: Db, teamId: number): Promise<DigestSettingsRow> {
  const prisma = prismaOf(db);
  const team = await prisma.team.findUniqueOrThrow({
    where: { id: teamId },
    select: { id: true, name: true, timezone: true, digestTime: true, digestDays: true, digestChannel: true, channelPlatform: true },
  });
  return {
    id: team.id,
    name: team.name,
    timezone: team.timezone,
    digestTime: team.digestTime,
    digestDays: team.digestDays,
    channel: teamChannel(team),
  };
}

/** Teams that have somewhere to post a digest: the ones the scheduler looks at. */
export async function teamsWithDigestChannel(db: Db): Promise<Array<{ id: number; timezone: string; digestTime: string; digestDays: string }>> {
  const prisma = prismaOf(db);
  return prisma.team.findMany({
    where: { digestChannel: { not: null }, channelPlatform: { not: null }, NOT: { channelPlatform: "console" } },
    select: { id: true, timezone: true, digestTime: true, digestDays: true },
    orderBy: { id: "asc" },
  });
}

export async function updateDigestSettings(db: Db, teamId: number, data: { digestTime?: string; digestDays?: string }): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.team.update({ where: { id: teamId }, data });
}

/** One team's leads whose score changes by itself at or before `now`. */
export async function teamDueLeadIds(db: Db, teamId: number, now: Date, limit: number): Promise<number[]> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ id: number }>(
    `SELECT id FROM lead WHERE team_id = $1 AND next_change_at <= $2::timestamp(3) ORDER BY next_change_at LIMIT $3`,
    [teamId, now.toISOString(), limit],
  );
  return rows.map((r) => Number(r.id));
}

/** Teams with at least one lead due for a re-score at `now`. */
export async function teamsWithDueLeads(db: Db, now: Date): Promise<number[]> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ team_id: number }>(
    `SELECT DISTINCT team_id FROM lead WHERE next_change_at <= $1::timestamp(3) ORDER BY team_id`,
    [now.toISOString()],
  );
  return rows.map((r) => Number(r.team_id));
}

/** Advisory-lock namespaces (the first key of pg_try_advisory_xact_lock(int, int)). */
export const LOCKS = { rescore: 0x1ead01 } as const;

/**
 * Takes a transaction-scoped advisory lock on (namespace, teamId) if nobody holds it. With
 * several instances on one database, the one that gets it does the work; the others skip.
 */
export async function tryTeamLock(tx: Db, namespace: number, teamId: number): Promise<boolean> {
  const [row] = await sqlOf(tx).query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1::int, $2::int) AS locked`, [namespace, teamId]);
  return row?.locked === true;
}

/** Waits for the (namespace, teamId) advisory lock, held until the transaction ends. */
export async function takeTeamLock(tx: Db, namespace: number, teamId: number): Promise<void> {
  await sqlOf(tx).query(`SELECT pg_advisory_xact_lock($1::int, $2::int)::text AS locked`, [namespace, teamId]);
}

/** A job run's bookkeeping; its `detail` (JSON for people reading the table) is not read back. */
const jobRunSelect = { id: true, job: true, runKey: true, teamId: true, status: true, startedAt: true, finishedAt: true } as const;

export async function findJobRun(db: Db, job: string, runKey: string) {
  const prisma = prismaOf(db);
  return prisma.jobRun.findUnique({ where: { job_runKey: { job, runKey } }, select: jobRunSelect });
}

/**
 * Records a run, unless one with the same (job, runKey) exists: the unique key is what makes a
 * scheduled run happen once across instances and restarts. Returns the new run's id, or null
 * when the run was already claimed (by this or another instance). A concurrent claimer waits
 * for the first one's transaction and then gets null.
 */
export async function claimJobRun(
  db: Db,
  run: { job: string; runKey: string; teamId: number | null; at: Date; detail?: unknown },
): Promise<number | null> {
  const rows = await sqlOf(db).query<{ id: number }>(
    `INSERT INTO job_run (job, run_key, team_id, status, started_at, detail)
     VALUES ($1, $2, $3, 'running', $4::timestamp(3), $5::jsonb)
     ON CONFLICT (job, run_key) DO NOTHING RETURNING id`,
    [run.job, run.runKey, run.teamId, run.at.toISOString(), JSON.stringify(run.detail ?? null)],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

export async function finishJobRun(db: Db, id: number, at: Date, detail: object): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.jobRun.update({ where: { id }, data: { status: "done", finishedAt: at, detail } });
}

/** The team's most recent run of `job`, for "last sent …". */
export async function lastJobRun(db: Db, job: string, teamId: number) {
  const prisma = prismaOf(db);
  return prisma.jobRun.findFirst({ where: { job, teamId }, orderBy: { startedAt: "desc" }, select: jobRunSelect });
}

/**
 * Writes an outbox message unless one with the same dedupe key exists. Returns its id, or null
 * when the key was taken.
 */
export async function insertOutboxOnce(
  db: Db,
  message: { teamId: number; kind: string; platform: OutboxPlatform; channel: string; payload: unknown; dedupeKey: string; at: Date },
): Promise<number | null> {
  const rows = await sqlOf(db).query<{ id: number }>(
    `INSERT INTO outbox (team_id, kind, platform, channel, payload, dedupe_key, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::timestamp(3), $7::timestamp(3))
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [message.teamId, message.kind, message.platform, message.channel, JSON.stringify(message.payload), message.dedupeKey, message.at.toISOString()],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

export interface DigestLeadRow {
  id: number;
  name: string;
  company: string | null;
  score: number;
  tier: string;
  ownerId: number | null;
  owner: string | null;
  /** The lead's score and tier before `baselineDay` (as of the last day before it that it was scored on); null if none. */
  beforeScore: number | null;
  beforeTier: string | null;
}

/**
 * The team's open leads that matter to a digest: every hot one, and every one whose score
 * differs from its score before `baselineDay` (a YYYY-MM-DD local date): the lead's own when it
 * was last scored before that day, else its latest snapshot before it (see writeScores).
 */
export async function digestLeads(db: Db, teamId: number, hotTier: string, baselineDay: string): Promise<DigestLeadRow[]> {
  const sql = sqlOf(db);
  const rows = await sql.query<{
    id: number;
    name: string;
    company: string | null;
    score: number;
    tier: string;
    owner_id: number | null;
    owner: string | null;
    before_score: number | null;
    before_tier: string | null;
  }>(
    `SELECT l.id, l.name, l.company, l.score, l.tier, l.owner_id, m.display_name AS owner,
            b.score AS before_score, b.tier AS before_tier
       FROM lead AS l
       LEFT JOIN member AS m ON m.id = l.owner_id
       LEFT JOIN LATERAL (SELECT s.score, s.tier FROM score_snapshot AS s
                           WHERE s.lead_id = l.id AND s.day < $3::date AND (l.scored_day IS NULL OR s.day < l.scored_day)
                           ORDER BY s.day DESC LIMIT 1) AS snap ON true
       CROSS JOIN LATERAL (SELECT CASE WHEN l.scored_day < $3::date THEN l.score ELSE snap.score END AS score,
                                  CASE WHEN l.scored_day < $3::date THEN l.tier ELSE snap.tier END AS tier) AS b
      WHERE l.team_id = $1 AND l.${OPEN}
        AND (l.tier = $2 OR b.score IS DISTINCT FROM l.score)
      ORDER BY l.score DESC, l.id`,
    [teamId, hotTier, baselineDay],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    company: r.company,
    score: Number(r.score),
    tier: r.tier,
    ownerId: r.owner_id === null ? null : Number(r.owner_id),
    owner: r.owner,
    beforeScore: r.before_score === null ? null : Number(r.before_score),
    beforeTier: r.before_tier,
  }));
}

/** Per team member: open leads they own, and how many of those are hot. */
export async function memberLeadCounts(
  db: Db,
  teamId: number,
  hotTier: string,
): Promise<Array<{ id: number; name: string; role: string; claimed: number; hot: number }>> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ id: number; name: string; role: string; claimed: number; hot: number }>(
    `SELECT m.id, m.display_name AS name, m.role::text AS role,
            count(l.id)::int AS claimed, (count(l.id) FILTER (WHERE l.tier = $2))::int AS hot
       FROM member AS m
       LEFT JOIN lead AS l ON l.owner_id = m.id AND l.team_id = $1 AND l.${OPEN}
      WHERE m.team_id = $1
      GROUP BY m.id, m.display_name, m.role
      ORDER BY hot DESC, claimed DESC, m.display_name`,
    [teamId, hotTier],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, role: r.role, claimed: Number(r.claimed), hot: Number(r.hot) }));
}
