/**
 * The outbox as the delivery worker sees it. A message is claimed by moving it to `sending`
 * with a lease in `next_attempt_at`; a worker that dies mid-send leaves it there and the lease
 * running out makes it claimable again. `attempts` is raised by each claim and doubles as a
 * fencing token: a worker only finishes the claim it holds.
 */
import type { OutboxPlatform } from "../platforms/names.js";
import type { Prisma } from "./generated/client.js";
import type { Db } from "./store.js";
import { prismaOf, sqlOf } from "./types.js";

export interface ClaimedMessage {
  id: number;
  teamId: number;
  kind: string;
  platform: string;
  channel: string;
  /**
   * The stored JSON: a view name and its data. Its shape is the view's to check, message by
   * message, when the worker renders it (src/views/outbox-views.ts), so one bad row fails alone.
   */
  payload: unknown;
  /** Counting this claim. */
  attempts: number;
  /** False once the bot was removed from the team's group (Team.active). */
  teamActive: boolean;
  /** The team's language (Team.locale), which the message is worded in when it is delivered. */
  teamLanguage: string;
}

interface ClaimRow {
  id: number;
  team_id: number;
  kind: string;
  platform: string;
  channel: string;
  /** JSON text, parsed here: whatever JSON the row holds (even a bare string) comes back as itself. */
  payload: string;
  attempts: number;
  team_active: boolean;
  team_locale: string | null;
}

/**
 * Claims up to `limit` due messages for `platforms` (pending, or sending with a lapsed lease), oldest due
 * first, skipping rows another worker holds locked, so concurrent workers never claim the same
 * one. One statement, so the claim is its own transaction.
 */
export async function claimDue(db: Db, now: Date, leaseUntil: Date, limit: number, platforms: string[]): Promise<ClaimedMessage[]> {
  const rows = await sqlOf(db).query<ClaimRow>(
    `UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1, next_attempt_at = $2::timestamp(3)
     WHERE o.id IN (
       SELECT id FROM outbox
       WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1::timestamp(3) AND platform = ANY($4::text[])
       ORDER BY next_attempt_at, id
       LIMIT $3
       FOR UPDATE SKIP LOCKED)
     RETURNING o.id, o.team_id, o.kind, o.platform, o.channel, o.payload::text AS payload, o.attempts,
       (SELECT t.active FROM team t WHERE t.id = o.team_id) AS team_active,
       (SELECT t.locale FROM team t WHERE t.id = o.team_id) AS team_locale`,
    [now.toISOString(), leaseUntil.toISOString(), limit, `{${platforms.join(",")}}`],
  );
  return rows
    .map((r) => ({
      id: Number(r.id),
      teamId: Number(r.team_id),
      kind: r.kind,
      platform: r.platform,
      channel: r.channel,
      payload: JSON.parse(r.payload) as unknown,
      attempts: Number(r.attempts),
      teamActive: r.team_active !== false,
      teamLanguage: r.team_locale ?? "en",
    }))
    .sort((a, b) => a.id - b.id);
}

type Claim = Pick<ClaimedMessage, "id" | "attempts">;
const held = (claim: Claim) => ({ id: claim.id, status: "sending" as const, attempts: claim.attempts });

/** Extends the lease right before sending; false when the claim was lost (lease ran out and another worker took it). */
export async function renewClaim(db: Db, claim: Claim, leaseUntil: Date): Promise<boolean> {
  const prisma = prismaOf(db);
  const { count } = await prisma.outbox.updateMany({ where: held(claim), data: { nextAttemptAt: leaseUntil } });
  return count === 1;
}

export async function markSent(db: Db, claim: Claim, at: Date): Promise<boolean> {
  const prisma = prismaOf(db);
  const { count } = await prisma.outbox.updateMany({ where: held(claim), data: { status: "sent", sentAt: at, lastError: null } });
  return count === 1;
}

export async function scheduleRetry(db: Db, claim: Claim, at: Date, error: string): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.outbox.updateMany({ where: held(claim), data: { status: "pending", nextAttemptAt: at, lastError: error } });
}

export async function markFailed(db: Db, claim: Claim, at: Date, error: string): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.outbox.updateMany({ where: held(claim), data: { status: "failed", nextAttemptAt: at, lastError: error } });
}

/** Gives a claim back untried (our own rate limit says later, or the worker stops): the claim does not count as an attempt. */
export async function deferClaim(db: Db, claim: Claim, at: Date): Promise<void> {
  await prismaOf(db).outbox.updateMany({ where: held(claim), data: { status: "pending", nextAttemptAt: at, attempts: claim.attempts - 1 } });
}

/** Messages not yet sent, per platform and status, with the oldest one's creation time (GET /metrics). */
export async function outboxBacklog(db: Db): Promise<Array<{ platform: string; status: "pending" | "sending"; count: number; oldestCreatedAt: Date | null }>> {
  const groups = await prismaOf(db).outbox.groupBy({
    by: ["platform", "status"],
    where: { status: { in: ["pending", "sending"] } },
    _count: { _all: true },
    _min: { createdAt: true },
  });
  return groups.map((g) => ({ platform: g.platform, status: g.status as "pending" | "sending", count: g._count._all, oldestCreatedAt: g._min.createdAt }));
}

export async function outboxCounts(db: Db, teamId?: number): Promise<Record<"pending" | "sending" | "sent" | "failed", number>> {
  const prisma = prismaOf(db);
  const groups = await prisma.outbox.groupBy({ by: ["status"], where: teamId === undefined ? {} : { teamId }, _count: { _all: true } });
  const counts = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const g of groups) counts[g.status] = g._count._all;
  return counts;
}

export async function latestFailed(db: Db, teamId: number, limit: number) {
  const prisma = prismaOf(db);
  return prisma.outbox.findMany({
    where: { teamId, status: "failed" },
    orderBy: [{ nextAttemptAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, kind: true, platform: true, channel: true, attempts: true, lastError: true, createdAt: true, nextAttemptAt: true },
  });
}

/** Puts a failed message of the team back in the queue with fresh attempts; false if there is none. */
export async function requeueFailed(db: Db, teamId: number, id: number, at: Date): Promise<boolean> {
  const prisma = prismaOf(db);
  const { count } = await prisma.outbox.updateMany({ where: { id, teamId, status: "failed" }, data: { status: "pending", attempts: 0, nextAttemptAt: at } });
  return count === 1;
}

/** Queues one message (tests, and callers that write a single message). */
export async function insertOutbox(db: Db, data: Prisma.OutboxUncheckedCreateInput) {
  const prisma = prismaOf(db);
  return prisma.outbox.create({ data });
}

/** Whether `channel` is one of the team's people (their private chat or DM with the bot) rather than a shared chat. */
export async function isMemberChat(db: Db, teamId: number, platform: OutboxPlatform, channel: string): Promise<boolean> {
  const prisma = prismaOf(db);
  return (await prisma.member.count({ where: { teamId, platform, externalId: channel } })) > 0;
}
