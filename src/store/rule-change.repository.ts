import type { ScoringConfig } from "../domain/types.js";
import type { DbOrTx } from "./types.js";

const asJson = (config: ScoringConfig) => JSON.parse(JSON.stringify(config)) as object;

export async function createPendingChange(
  db: DbOrTx,
  data: { id: string; teamId: number; memberId: number; summary: string; proposed: ScoringConfig; base: ScoringConfig; expiresAt: Date; createdAt: Date; undoesId?: number | null },
) {
  return db.pendingRuleChange.create({
    data: { ...data, proposed: asJson(data.proposed), base: asJson(data.base), undoesId: data.undoesId ?? null },
  });
}

export async function findPendingChange(db: DbOrTx, teamId: number, id: string) {
  return db.pendingRuleChange.findFirst({ where: { teamId, id } });
}

/** Marks a pending change resolved, only if it is still pending: a double click confirms once. */
export async function resolvePendingChange(db: DbOrTx, id: string, status: "confirmed" | "cancelled" | "expired", at: Date): Promise<boolean> {
  const { count } = await db.pendingRuleChange.updateMany({ where: { id, status: "pending" }, data: { status, resolvedAt: at } });
  return count === 1;
}

export async function recordRuleChange(
  db: DbOrTx,
  data: { teamId: number; memberId: number; summary: string; before: ScoringConfig; after: ScoringConfig; createdAt: Date; undoesId: number | null },
) {
  return db.ruleChange.create({ data: { ...data, before: asJson(data.before), after: asJson(data.after) } });
}

/** The newest change that is not an undo and has not been undone: what `/weights undo` reverts. */
export async function lastUndoableChange(db: DbOrTx, teamId: number) {
  return db.ruleChange.findFirst({
    where: { teamId, undoneAt: null, undoesId: null },
    orderBy: { id: "desc" },
  });
}

export async function markUndone(db: DbOrTx, id: number, at: Date) {
  return db.ruleChange.update({ where: { id }, data: { undoneAt: at } });
}

export async function ruleChangeHistory(db: DbOrTx, teamId: number, limit: number) {
  return db.ruleChange.findMany({
    where: { teamId },
    orderBy: { id: "desc" },
    take: limit,
    include: { member: { select: { displayName: true } } },
  });
}
