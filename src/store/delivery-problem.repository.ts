/**
 * Whether a team's alerts and digests reach their chat. The state is one pair of columns on
 * the team, written with conditional UPDATEs: of any number of failures, on any number of
 * instances, exactly one finds the problem unset and sets it, and that one tells the admins.
 */
import type { OutboxPlatform } from "../platforms/names.js";
import { readChatPlatform } from "./json-columns.js";
import type { Db } from "./store.js";
import { prismaOf } from "./types.js";

export interface Destination {
  teamId: number;
  platform: OutboxPlatform;
  channel: string;
}

export interface DeliveryProblemRow {
  reason: string;
  since: Date;
}

/**
 * Records that the team's destination refuses messages for good. True only for the call that
 * found no problem recorded; false when one already was, or when `channel` is no longer where
 * the team's messages go (a late failure of an old destination says nothing about the new).
 */
export async function raiseDeliveryProblem(tx: Db, at: Destination & { reason: string; at: Date }): Promise<boolean> {
  const prisma = prismaOf(tx);
  const { count } = await prisma.team.updateMany({
    where: { id: at.teamId, deliveryProblem: null, channelPlatform: at.platform, digestChannel: at.channel },
    data: { deliveryProblem: at.reason, deliveryProblemAt: at.at },
  });
  return count === 1;
}

/** A message reached the team's destination: the problem, if one was recorded, is over. */
export async function clearDeliveryProblem(db: Db, at: Destination): Promise<boolean> {
  const prisma = prismaOf(db);
  const { count } = await prisma.team.updateMany({
    where: { id: at.teamId, deliveryProblem: { not: null }, channelPlatform: at.platform, digestChannel: at.channel },
    data: { deliveryProblem: null, deliveryProblemAt: null },
  });
  return count === 1;
}

export async function deliveryProblemOf(db: Db, teamId: number): Promise<DeliveryProblemRow | null> {
  const prisma = prismaOf(db);
  const team = await prisma.team.findUniqueOrThrow({ where: { id: teamId }, select: { deliveryProblem: true, deliveryProblemAt: true } });
  return team.deliveryProblem !== null ? { reason: team.deliveryProblem, since: team.deliveryProblemAt ?? new Date(0) } : null;
}

/** The team's admins who can be written to privately on a chat platform (not the console). */
export async function chatAdmins(db: Db, teamId: number) {
  const prisma = prismaOf(db);
  const rows = await prisma.member.findMany({
    where: { teamId, role: "admin", status: "active", NOT: { platform: "console" } },
    select: { id: true, platform: true, externalId: true, displayName: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    memberId: r.id,
    platform: readChatPlatform(r.platform, { table: "member", id: r.id, column: "platform" }),
    externalId: r.externalId,
    name: r.displayName,
  }));
}
