/**
 * Team administration: members with their roles and status, who may act for the team, the
 * audit of administrative changes. Everything is scoped by team.
 */
import type { AdminSummary, AuditSummary } from "../domain/audit-summary.js";
import type { Platform } from "../platforms/names.js";
import { Prisma } from "./generated/client.js";
import { readAuditSummary, readColumn, readPlatform, waitingCommandColumn, writeAdminSummary } from "./json-columns.js";
import type { RoleName } from "./member.repository.js";
import type { Db } from "./store.js";
import { prismaOf, sqlOf } from "./types.js";

export type MemberStatusName = "active" | "pending" | "removed";
export type JoinModeName = "open" | "approval";

export interface MemberRow {
  id: number;
  platform: Platform;
  externalId: string;
  displayName: string;
  username: string | null;
  role: RoleName;
  status: MemberStatusName;
  lastActiveAt: Date | null;
  /** How they left when the platform removed them (see memberLeft); null otherwise. */
  leftHow: string | null;
  createdAt: Date;
  /** Open leads (not won, lost or disqualified) they own. */
  openLeads: number;
}

/** Every member of a team, newest activity first, with the open leads each owns. */
export async function teamMembers(db: Db, teamId: number): Promise<MemberRow[]> {
  const prisma = prismaOf(db);
  const rows = await prisma.member.findMany({
    where: { teamId },
    orderBy: { id: "asc" },
    include: { _count: { select: { ownedLeads: { where: { stage: { notIn: ["won", "lost", "disqualified"] } } } } } },
  });
  return rows.map((m) => ({
    id: m.id,
    platform: readPlatform(m.platform, { table: "member", id: m.id, column: "platform" }),
    externalId: m.externalId,
    displayName: m.displayName,
    username: m.username,
    role: m.role,
    status: m.status,
    lastActiveAt: m.lastActiveAt,
    leftHow: m.leftHow,
    createdAt: m.createdAt,
    openLeads: m._count.ownedLeads,
  }));
}

/**
 * Locks the team's row for the rest of the transaction. Changes that must leave the team with
 * an admin (a demotion, a removal, someone leaving) take it first, so two of them at once are
 * decided one after the other and cannot both remove "the other" last admin.
 */
export async function lockTeam(tx: Db, teamId: number): Promise<void> {
  await sqlOf(tx).query(`SELECT id FROM team WHERE id = $1 FOR UPDATE`, [teamId]);
}

/** Active admins of a team. */
export async function activeAdmins(db: Db, teamId: number) {
  const prisma = prismaOf(db);
  return prisma.member.findMany({ where: { teamId, role: "admin", status: "active" }, orderBy: { id: "asc" } });
}

export async function setMemberRole(db: Db, teamId: number, memberId: number, role: RoleName): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.member.updateMany({ where: { teamId, id: memberId }, data: { role } });
}

/** Sets a member's status; `removed` records when (and `leftHow`, if the platform removed them), `active` and `pending` clear it. */
export async function setMemberStatus(db: Db, teamId: number, memberId: number, status: MemberStatusName, at: Date, role?: RoleName, leftHow?: string): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.member.updateMany({
    where: { teamId, id: memberId },
    data: { status, removedAt: status === "removed" ? at : null, leftHow: status === "removed" ? (leftHow ?? null) : null, ...(role ? { role } : {}), ...(status !== "pending" ? { waitingCommand: Prisma.DbNull } : {}) },
  });
}

/** Stores the command a newcomer typed while waiting for approval. */
export async function setWaitingCommand(db: Db, teamId: number, memberId: number, command: { line: string; channelId: string | null }): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.member.updateMany({ where: { teamId, id: memberId }, data: { waitingCommand: command as Prisma.InputJsonValue } });
}

/** Records that a member was active now, at most once a minute (a write per command would be waste). */
export async function touchMember(db: Db, memberId: number, at: Date, username?: string | null): Promise<void> {
  const prisma = prismaOf(db);
  const minuteAgo = new Date(at.getTime() - 60_000);
  await prisma.member.updateMany({
    where: { id: memberId, OR: [{ lastActiveAt: null }, { lastActiveAt: { lt: minuteAgo } }, ...(username ? [{ username: { not: username } }, { username: null }] : [])] },
    data: { lastActiveAt: at, ...(username ? { username } : {}) },
  });
}

/** Gives a member's open leads to another member, or leaves them unclaimed (`toId` null). Answers how many moved. */
export async function reassignOpenLeads(db: Db, teamId: number, fromId: number, toId: number | null): Promise<number> {
  const prisma = prismaOf(db);
  const { count } = await prisma.lead.updateMany({
    where: { teamId, ownerId: fromId, stage: { notIn: ["won", "lost", "disqualified"] } },
    data: { ownerId: toId },
  });
  return count;
}

/** Ends a member's step-by-step forms in every chat. */
export async function endMemberFlows(db: Db, teamId: number, platform: Platform, userId: string): Promise<number> {
  const prisma = prismaOf(db);
  const { count } = await prisma.chatFlow.deleteMany({ where: { teamId, platform, userId } });
  return count;
}

export async function setJoinMode(db: Db, teamId: number, joinMode: JoinModeName): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.team.update({ where: { id: teamId }, data: { joinMode } });
}

export async function setTeamTimezone(db: Db, teamId: number, timezone: string): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.team.update({ where: { id: teamId }, data: { timezone } });
}

/** Marks the team active or not; true only for the call that changed it (so a change is announced once). */
export async function setTeamActive(db: Db, teamId: number, active: boolean): Promise<boolean> {
  const prisma = prismaOf(db);
  const { count } = await prisma.team.updateMany({ where: { id: teamId, active: !active }, data: { active } });
  return count === 1;
}

/** Marks the team as welcomed; true only for the one call that did it (the setup message is shown once). */
export async function markWelcomed(db: Db, teamId: number, at: Date): Promise<boolean> {
  const prisma = prismaOf(db);
  const { count } = await prisma.team.updateMany({ where: { id: teamId, welcomedAt: null }, data: { welcomedAt: at } });
  return count === 1;
}

export interface AuditRow {
  at: Date;
  who: string | null;
  action: string;
  /** What happened: an administrative change or a weight change, as data the view words; or English words stored before summaries were data. */
  summary: AuditSummary;
}

/** Writes an administrative change to the audit: its summary as data (JSON in the text column), or words someone else chose. */
export async function insertAudit(db: Db, entry: { teamId: number; memberId: number | null; action: string; summary: AdminSummary | string; at: Date }): Promise<void> {
  const prisma = prismaOf(db);
  const summary = typeof entry.summary === "string" ? entry.summary : writeAdminSummary(entry.summary);
  await prisma.auditEntry.create({ data: { teamId: entry.teamId, memberId: entry.memberId, action: entry.action, summary, createdAt: entry.at } });
}

/** The latest administrative changes and weight changes of a team, newest first. */
export async function latestAudit(db: Db, teamId: number, limit: number): Promise<AuditRow[]> {
  const rows = await sqlOf(db).query<{ at: Date; who: string | null; action: string; summary: string }>(
    `SELECT a.created_at AS at, m.display_name AS who, a.action, a.summary
       FROM audit_entry AS a LEFT JOIN member AS m ON m.id = a.member_id WHERE a.team_id = $1
     UNION ALL
     SELECT c.created_at, m.display_name, 'weights_changed', c.summary
       FROM rule_change AS c LEFT JOIN member AS m ON m.id = c.member_id WHERE c.team_id = $1
     ORDER BY at DESC LIMIT $2`,
    [teamId, limit],
  );
  return rows.map((r) => ({ at: new Date(r.at), who: r.who, action: r.action, summary: readAuditSummary(r.summary) }));
}

export async function teamJoinMode(db: Db, teamId: number): Promise<JoinModeName> {
  const prisma = prismaOf(db);
  return (await prisma.team.findUniqueOrThrow({ where: { id: teamId }, select: { joinMode: true } })).joinMode;
}

/** A member with the command they typed while waiting to join, if they are waiting. */
export async function findWaitingMember(
  db: Db,
  teamId: number,
  memberId: number,
): Promise<{ id: number; displayName: string; status: MemberStatusName; waitingCommand: { line: string; channelId: string | null } | null } | null> {
  const prisma = prismaOf(db);
  const row = await prisma.member.findFirst({ where: { teamId, id: memberId }, select: { id: true, displayName: true, status: true, waitingCommand: true } });
  return row && { ...row, waitingCommand: readColumn(waitingCommandColumn, row.waitingCommand, { table: "member", id: row.id, column: "waiting_command" }) };
}
