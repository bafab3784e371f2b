/**
 * What the chat transports keep between updates: step-by-step flows in progress, button
 * commands too long to ride in the button, and which team a personal chat acts for.
 */
import type { Platform } from "../platforms/names.js";
import type { Prisma } from "./generated/client.js";
import { anyJson, readColumn, readPlatform } from "./json-columns.js";
import type { Db } from "./store.js";
import { prismaOf } from "./types.js";

export interface ChatFlowKey {
  platform: Platform;
  chatId: string;
  userId: string;
}

export interface ChatFlowRow extends ChatFlowKey {
  id: number;
  teamId: number;
  kind: string;
  /**
   * The flow's progress, as JSON. Its shape belongs to the code that runs the flow, which reads
   * it with its own schema (and drops a flow it cannot read rather than fail every press).
   */
  state: unknown;
  updatedAt: Date;
}

const keyOf = (key: ChatFlowKey) => ({ platform_chatId_userId: { platform: key.platform, chatId: key.chatId, userId: key.userId } });

const flowRow = (row: { id: number; platform: string; chatId: string; userId: string; teamId: number; kind: string; state: unknown; updatedAt: Date }): ChatFlowRow => {
  const where = (column: string) => ({ table: "chat_flow", id: row.id, column });
  return {
    id: row.id,
    platform: readPlatform(row.platform, where("platform")),
    chatId: row.chatId,
    userId: row.userId,
    teamId: row.teamId,
    kind: row.kind,
    state: readColumn(anyJson, row.state, where("state")),
    updatedAt: row.updatedAt,
  };
};

export async function findChatFlow(db: Db, key: ChatFlowKey): Promise<ChatFlowRow | null> {
  const prisma = prismaOf(db);
  const row = await prisma.chatFlow.findUnique({ where: keyOf(key) });
  return row && flowRow(row);
}

/** Starts a flow, replacing whatever flow the person had running in that chat. */
export async function startChatFlow(
  db: Db,
  flow: ChatFlowKey & { teamId: number; kind: string; state: Prisma.InputJsonValue; at: Date },
): Promise<ChatFlowRow> {
  const prisma = prismaOf(db);
  const data = { teamId: flow.teamId, kind: flow.kind, state: flow.state, createdAt: flow.at, updatedAt: flow.at };
  return flowRow(
    await prisma.chatFlow.upsert({
      where: keyOf(flow),
      create: { platform: flow.platform, chatId: flow.chatId, userId: flow.userId, ...data },
      update: data,
    }),
  );
}

/**
 * Saves a flow's next state only if nobody moved it on since `seen` was read: two quick taps
 * arrive as two concurrent updates, and only the first may advance. `updatedAt` is the
 * version; it always moves forward, even when the clock stands still (tests) or goes back.
 * Returns false when the flow changed or ended meanwhile.
 */
export async function advanceChatFlow(db: Db, seen: ChatFlowRow, state: Prisma.InputJsonValue, at: Date): Promise<boolean> {
  const prisma = prismaOf(db);
  const updatedAt = new Date(Math.max(at.getTime(), seen.updatedAt.getTime() + 1));
  const { count } = await prisma.chatFlow.updateMany({ where: { id: seen.id, updatedAt: seen.updatedAt }, data: { state, updatedAt } });
  return count === 1;
}

/**
 * Ends a flow. With `seen`, only if it is still in that version (so exactly one of two
 * concurrent finishers submits it). Returns whether this call ended it.
 */
export async function endChatFlow(db: Db, key: ChatFlowKey, seen?: ChatFlowRow): Promise<boolean> {
  const prisma = prismaOf(db);
  const { count } = await prisma.chatFlow.deleteMany({
    where: { platform: key.platform, chatId: key.chatId, userId: key.userId, ...(seen ? { id: seen.id, updatedAt: seen.updatedAt } : {}) },
  });
  return count > 0;
}

/** Forgets flows nobody touched since `before` (people wander off mid-form). */
export async function purgeStaleChatFlows(db: Db, platform: Platform, before: Date): Promise<number> {
  const prisma = prismaOf(db);
  const { count } = await prisma.chatFlow.deleteMany({ where: { platform, updatedAt: { lt: before } } });
  return count;
}

// ---- button commands kept server-side -------------------------------------------------------

export async function saveChatCallback(db: Db, callback: { id: string; command: string; at: Date }): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.chatCallback.create({ data: { id: callback.id, command: callback.command, createdAt: callback.at } });
}

export async function findChatCallback(db: Db, id: string): Promise<string | null> {
  const prisma = prismaOf(db);
  const row = await prisma.chatCallback.findUnique({ where: { id } });
  return row?.command ?? null;
}

export async function purgeChatCallbacks(db: Db, before: Date): Promise<number> {
  const prisma = prismaOf(db);
  const { count } = await prisma.chatCallback.deleteMany({ where: { createdAt: { lt: before } } });
  return count;
}

// ---- personal chats -------------------------------------------------------------------------

/** The teams a platform user belongs to (they joined through each team's group chat). */
export async function membershipsOf(
  db: Db,
  platform: Platform,
  externalId: string,
  /** Only these standings; by default the teams they are an active member of (not removed, not waiting). */
  statuses: ReadonlyArray<"active" | "pending" | "removed"> = ["active"],
) {
  const prisma = prismaOf(db);
  const rows = await prisma.member.findMany({
    where: { platform, externalId, status: { in: [...statuses] } },
    include: { team: { select: { name: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map((m) => ({ teamId: m.teamId, teamName: m.team.name, memberId: m.id, role: m.role, status: m.status, displayName: m.displayName }));
}

/**
 * Points a chat place at a team, moving it if it pointed elsewhere. Used for a person's
 * private chat with the bot, which acts for one of their teams at a time.
 */
export async function linkChatToTeam(db: Db, platform: Platform, externalId: string, teamId: number): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.chatBinding.upsert({
    where: { platform_externalId: { platform, externalId } },
    create: { platform, externalId, teamId },
    update: { teamId },
  });
}
