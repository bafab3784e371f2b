import type { Platform } from "../platforms/names.js";
import { readPlatform } from "./json-columns.js";
import type { Db } from "./store.js";
import { prismaOf } from "./types.js";

export type RoleName = "rep" | "manager" | "admin";

/** A member's row, without the command they may be waiting to run (see findWaitingMember). */
export interface PersonRow {
  id: number;
  teamId: number;
  platform: Platform;
  externalId: string;
  displayName: string;
  role: RoleName;
  status: "active" | "pending" | "removed";
  username: string | null;
  lastActiveAt: Date | null;
  removedAt: Date | null;
  leftHow: string | null;
  founder: boolean | null;
  /** The language they chose for private answers (a code src/i18n knows, checked there); null: none chosen. */
  language: string | null;
  createdAt: Date;
}

const personSelect = {
  id: true,
  teamId: true,
  platform: true,
  externalId: true,
  displayName: true,
  role: true,
  status: true,
  username: true,
  lastActiveAt: true,
  removedAt: true,
  leftHow: true,
  founder: true,
  language: true,
  createdAt: true,
} as const;

/** The row as services see it: the platform read back checked against the registry's names. */
export function personRow<R extends { id: number; platform: string }>(row: R): Omit<R, "platform"> & { platform: Platform } {
  return { ...row, platform: readPlatform(row.platform, { table: "member", id: row.id, column: "platform" }) };
}

export async function findMember(db: Db, teamId: number, platform: Platform, externalId: string): Promise<PersonRow | null> {
  const prisma = prismaOf(db);
  const row = await prisma.member.findUnique({ where: { teamId_platform_externalId: { teamId, platform, externalId } }, select: personSelect });
  return row && personRow(row);
}

/**
 * A member with their team's language (Team.locale): who is speaking, and in which language, in
 * one statement (every command asks it first; a relation select would be two).
 */
export async function findMemberWithTeamLanguage(db: Db, teamId: number, platform: Platform, externalId: string): Promise<(PersonRow & { teamLanguage: string }) | null> {
  const rows = await prismaOf(db).$queryRaw<Array<Omit<PersonRow, "platform"> & { platform: string; teamLanguage: string }>>`
    SELECT m.id, m.team_id AS "teamId", m.platform, m.external_id AS "externalId", m.display_name AS "displayName",
      m.role::text AS role, m.status::text AS status, m.username, m.last_active_at AS "lastActiveAt", m.removed_at AS "removedAt",
      m.left_how AS "leftHow", m.founder, m.language, m.created_at AS "createdAt", t.locale AS "teamLanguage"
    FROM member m JOIN team t ON t.id = m.team_id
    WHERE m.team_id = ${teamId} AND m.platform = ${platform} AND m.external_id = ${externalId}`;
  const row = rows[0];
  return row ? personRow(row) : null;
}

/** Sets (or, with null, clears) the language a member chose for their private answers. */
export async function setMemberLanguage(db: Db, teamId: number, memberId: number, language: string | null): Promise<void> {
  await prismaOf(db).member.updateMany({ where: { teamId, id: memberId }, data: { language } });
}

/**
 * Finds or creates the member for a platform user. The first member of a team becomes its
 * admin, as the person who set the team up.
 *
 * "First" is decided by the database, not by counting and then inserting: the founder is
 * inserted with `founder = true`, which a unique index on (team_id, founder) allows once per
 * team, and only while the team has no member. Of several first commands arriving together
 * exactly one wins; the others (and the same person arriving twice) fall through to
 * `ON CONFLICT DO NOTHING` and are added as reps, or found.
 */
export async function ensureMember(
  db: Db,
  teamId: number,
  platform: Platform,
  externalId: string,
  displayName: string,
  /** `pending`: someone else joins waiting for an admin's approval (the founder never waits). */
  options: { pending?: boolean } = {},
): Promise<PersonRow> {
  const prisma = prismaOf(db);
  const existing = await findMember(db, teamId, platform, externalId);
  if (existing) return existing;
  const founded = await prisma.$executeRaw`
    INSERT INTO member (team_id, platform, external_id, display_name, role, founder)
    SELECT ${teamId}, ${platform}, ${externalId}, ${displayName}, 'admin'::"Role", true
    WHERE NOT EXISTS (SELECT 1 FROM member WHERE team_id = ${teamId})
    ON CONFLICT DO NOTHING`;
  if (founded === 0) {
    await prisma.$executeRaw`
      INSERT INTO member (team_id, platform, external_id, display_name, role, status)
      VALUES (${teamId}, ${platform}, ${externalId}, ${displayName}, 'rep'::"Role", ${options.pending ? "pending" : "active"}::"MemberStatus")
      ON CONFLICT DO NOTHING`;
  }
  // Inserted here, or by a concurrent call for the same person (committed: ON CONFLICT waits).
  const member = await findMember(db, teamId, platform, externalId);
  if (!member) throw new Error(`member ${platform}:${externalId} of team ${teamId} was neither created nor found`);
  return member;
}

export async function getMember(db: Db, teamId: number, id: number): Promise<PersonRow | null> {
  const prisma = prismaOf(db);
  const row = await prisma.member.findFirst({ where: { teamId, id }, select: personSelect });
  return row && personRow(row);
}
