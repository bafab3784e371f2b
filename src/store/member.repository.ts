import { prismaOf } from "./types.js";
import type { Db } from "./store.js";

export type PlatformName = "console" | "slack" | "telegram";
export type RoleName = "rep" | "manager" | "admin";

export async function findMember(db: Db, teamId: number, platform: PlatformName, externalId: string) {
  const prisma = prismaOf(db);
  return prisma.member.findUnique({ where: { teamId_platform_externalId: { teamId, platform, externalId } } });
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
  platform: PlatformName,
  externalId: string,
  displayName: string,
  /** `pending`: someone else joins waiting for an admin's approval (the founder never waits). */
  options: { pending?: boolean } = {},
) {
  const prisma = prismaOf(db);
  const existing = await findMember(db, teamId, platform, externalId);
  if (existing) return existing;
  const founded = await prisma.$executeRaw`
    INSERT INTO member (team_id, platform, external_id, display_name, role, founder)
    SELECT ${teamId}, ${platform}::"Platform", ${externalId}, ${displayName}, 'admin'::"Role", true
    WHERE NOT EXISTS (SELECT 1 FROM member WHERE team_id = ${teamId})
    ON CONFLICT DO NOTHING`;
  if (founded === 0) {
    await prisma.$executeRaw`
      INSERT INTO member (team_id, platform, external_id, display_name, role, status)
      VALUES (${teamId}, ${platform}::"Platform", ${externalId}, ${displayName}, 'rep'::"Role", ${options.pending ? "pending" : "active"}::"MemberStatus")
      ON CONFLICT DO NOTHING`;
  }
  // Inserted here, or by a concurrent call for the same person (committed: ON CONFLICT waits).
  const member = await findMember(db, teamId, platform, externalId);
  if (!member) throw new Error(`member ${platform}:${externalId} of team ${teamId} was neither created nor found`);
  return member;
}

export async function getMember(db: Db, teamId: number, id: number) {
  const prisma = prismaOf(db);
  return prisma.member.findFirst({ where: { teamId, id } });
}
