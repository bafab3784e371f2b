import { hookMappingSchema, type HookMapping } from "../domain/hook-mapping.js";
import type { Db } from "./store.js";
import { prismaOf } from "./types.js";

/** A webhook source of a team, its mapping parsed (a stored mapping that no longer parses reads as null). */
export interface HookSourceRow {
  id: number;
  teamId: number;
  name: string;
  mapping: HookMapping | null;
  createdAt: Date;
  updatedAt: Date;
  lastReceivedAt: Date | null;
}

const select = { id: true, teamId: true, name: true, mapping: true, createdAt: true, updatedAt: true, lastReceivedAt: true } as const;

function parsed(row: { mapping: unknown } & Omit<HookSourceRow, "mapping">): HookSourceRow {
  const mapping = hookMappingSchema.safeParse(row.mapping);
  return { ...row, mapping: mapping.success ? mapping.data : null };
}

export async function findHookSource(db: Db, teamId: number, name: string): Promise<HookSourceRow | null> {
  const row = await prismaOf(db).hookSource.findUnique({ where: { teamId_name: { teamId, name } }, select });
  return row ? parsed(row) : null;
}

export async function listHookSourceRows(db: Db, teamId: number): Promise<HookSourceRow[]> {
  const rows = await prismaOf(db).hookSource.findMany({ where: { teamId }, select, orderBy: { name: "asc" } });
  return rows.map(parsed);
}

/** Creates or replaces the source's mapping; `created` says which. */
export async function upsertHookSource(
  db: Db,
  data: { teamId: number; name: string; mapping: HookMapping; updatedById: number | null; at: Date },
): Promise<{ row: HookSourceRow; created: boolean }> {
  const prisma = prismaOf(db);
  const mapping = data.mapping as object;
  const existing = await prisma.hookSource.findUnique({ where: { teamId_name: { teamId: data.teamId, name: data.name } }, select: { id: true } });
  const row = await prisma.hookSource.upsert({
    where: { teamId_name: { teamId: data.teamId, name: data.name } },
    create: { teamId: data.teamId, name: data.name, mapping, updatedById: data.updatedById, createdAt: data.at, updatedAt: data.at },
    update: { mapping, updatedById: data.updatedById, updatedAt: data.at },
    select,
  });
  return { row: parsed(row), created: existing === null };
}

export async function deleteHookSource(db: Db, teamId: number, name: string): Promise<boolean> {
  const { count } = await prismaOf(db).hookSource.deleteMany({ where: { teamId, name } });
  return count > 0;
}

export async function countHookSources(db: Db, teamId: number): Promise<number> {
  return prismaOf(db).hookSource.count({ where: { teamId } });
}

/** Records a delivery, skipping the write when the stored time is recent enough (`staleBefore`). */
export async function touchHookSource(db: Db, id: number, at: Date, staleBefore: Date): Promise<void> {
  await prismaOf(db).hookSource.updateMany({
    where: { id, OR: [{ lastReceivedAt: null }, { lastReceivedAt: { lt: staleBefore } }] },
    data: { lastReceivedAt: at },
  });
}
