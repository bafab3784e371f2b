import type { DbOrTx } from "./types.js";

export type PlatformName = "console" | "slack" | "telegram";
export type RoleName = "rep" | "manager" | "admin";

export async function findMember(db: DbOrTx, teamId: number, platform: PlatformName, externalId: string) {
  return db.member.findUnique({ where: { teamId_platform_externalId: { teamId, platform, externalId } } });
}

/**
 * Finds or creates the member for a platform user. The first member of a team becomes its
 * admin, as the person who set the team up.
 */
export async function ensureMember(
  db: DbOrTx,
  teamId: number,
  platform: PlatformName,
  externalId: string,
  displayName: string,
) {
  const existing = await findMember(db, teamId, platform, externalId);
  if (existing) return existing;
  const others = await db.member.count({ where: { teamId } });
  return db.member.create({
    data: { teamId, platform, externalId, displayName, role: others === 0 ? "admin" : "rep" },
  });
}

export async function listMembers(db: DbOrTx, teamId: number) {
  return db.member.findMany({ where: { teamId }, orderBy: { id: "asc" } });
}

export async function getMember(db: DbOrTx, teamId: number, id: number) {
  return db.member.findFirst({ where: { teamId, id } });
}
