import type { ChangeSummary } from "../domain/edits.js";
import type { ScoringConfig } from "../domain/types.js";
import { readChangeSummary, readColumn, scoringConfigColumn, writeChangeSummary } from "./json-columns.js";
import type { Db } from "./store.js";
import { prismaOf } from "./types.js";

const asJson = (config: ScoringConfig) => JSON.parse(JSON.stringify(config)) as object;

export async function createPendingChange(
  db: Db,
  data: { id: string; teamId: number; memberId: number; summary: ChangeSummary; proposed: ScoringConfig; base: ScoringConfig; expiresAt: Date; createdAt: Date; undoesId?: number | null },
) {
  const prisma = prismaOf(db);
  return prisma.pendingRuleChange.create({
    data: { ...data, summary: writeChangeSummary(data.summary), proposed: asJson(data.proposed), base: asJson(data.base), undoesId: data.undoesId ?? null },
  });
}

export interface PendingChangeRow {
  id: string;
  memberId: number;
  summary: ChangeSummary;
  status: "pending" | "confirmed" | "cancelled" | "expired";
  expiresAt: Date;
  undoesId: number | null;
  /** The configuration the change would apply, and the one it was computed against. */
  proposed: ScoringConfig;
  base: ScoringConfig;
}

export async function findPendingChange(db: Db, teamId: number, id: string): Promise<PendingChangeRow | null> {
  const prisma = prismaOf(db);
  const row = await prisma.pendingRuleChange.findFirst({ where: { teamId, id } });
  if (!row) return null;
  const where = (column: string) => ({ table: "pending_rule_change", id: row.id, column });
  return {
    id: row.id,
    memberId: row.memberId,
    summary: readChangeSummary(row.summary),
    status: row.status,
    expiresAt: row.expiresAt,
    undoesId: row.undoesId,
    proposed: readColumn(scoringConfigColumn, row.proposed, where("proposed")),
    base: readColumn(scoringConfigColumn, row.base, where("base")),
  };
}

/** Marks a pending change resolved, only if it is still pending: a double click confirms once. */
export async function resolvePendingChange(db: Db, id: string, status: "confirmed" | "cancelled" | "expired", at: Date): Promise<boolean> {
  const prisma = prismaOf(db);
  const { count } = await prisma.pendingRuleChange.updateMany({ where: { id, status: "pending" }, data: { status, resolvedAt: at } });
  return count === 1;
}

/** Records an applied change; answers its id. */
export async function recordRuleChange(
  db: Db,
  data: { teamId: number; memberId: number; summary: ChangeSummary; before: ScoringConfig; after: ScoringConfig; createdAt: Date; undoesId: number | null },
): Promise<{ id: number }> {
  const prisma = prismaOf(db);
  return prisma.ruleChange.create({ data: { ...data, summary: writeChangeSummary(data.summary), before: asJson(data.before), after: asJson(data.after) }, select: { id: true } });
}

/** The newest change that is not an undo and has not been undone: what `/weights undo` reverts, with the configuration before it. */
export async function lastUndoableChange(db: Db, teamId: number): Promise<{ id: number; summary: ChangeSummary; before: ScoringConfig } | null> {
  const prisma = prismaOf(db);
  const row = await prisma.ruleChange.findFirst({
    where: { teamId, undoneAt: null, undoesId: null },
    orderBy: { id: "desc" },
    select: { id: true, summary: true, before: true },
  });
  return row && { id: row.id, summary: readChangeSummary(row.summary), before: readColumn(scoringConfigColumn, row.before, { table: "rule_change", id: row.id, column: "before" }) };
}

export async function markUndone(db: Db, id: number, at: Date): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.ruleChange.update({ where: { id }, data: { undoneAt: at } });
}

/** The latest changes, newest first, without their configurations. */
export async function ruleChangeHistory(db: Db, teamId: number, limit: number) {
  const prisma = prismaOf(db);
  const rows = await prisma.ruleChange.findMany({
    where: { teamId },
    orderBy: { id: "desc" },
    take: limit,
    select: { id: true, summary: true, createdAt: true, undoneAt: true, member: { select: { displayName: true } } },
  });
  return rows.map((row) => ({ ...row, summary: readChangeSummary(row.summary) }));
}
