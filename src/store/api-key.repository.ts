import type { DbOrTx } from "./types.js";

export interface ApiKeyRow {
  id: number;
  teamId: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const listSelect = { id: true, teamId: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export async function insertApiKey(
  db: DbOrTx,
  data: { teamId: number; name: string; prefix: string; hash: string; createdById: number | null; createdAt: Date },
): Promise<ApiKeyRow> {
  return db.apiKey.create({ data, select: listSelect });
}

export async function listApiKeys(db: DbOrTx, teamId: number): Promise<ApiKeyRow[]> {
  return db.apiKey.findMany({ where: { teamId }, select: listSelect, orderBy: { id: "asc" } });
}

/** The key with this hash, revoked or not: the caller decides what a revoked key means. */
export async function findApiKeyByHash(db: DbOrTx, hash: string): Promise<ApiKeyRow | null> {
  return db.apiKey.findUnique({ where: { hash }, select: listSelect });
}

export async function revokeApiKeyRow(db: DbOrTx, teamId: number, id: number, at: Date): Promise<void> {
  await db.apiKey.updateMany({ where: { teamId, id, revokedAt: null }, data: { revokedAt: at } });
}

/** Records use, skipping the write when the stored time is recent enough (`staleBefore`). */
export async function touchApiKey(db: DbOrTx, id: number, at: Date, staleBefore: Date): Promise<void> {
  await db.apiKey.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
    data: { lastUsedAt: at },
  });
}
