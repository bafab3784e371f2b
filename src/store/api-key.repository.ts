import type { Db } from "./store.js";
import { prismaOf } from "./types.js";

export interface ApiKeyRow {
  id: number;
  teamId: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** secret: the ingestion API's key; public: the website snippet's, accepted from `origins` only. */
  kind: "secret" | "public";
  origins: string[];
}

const listSelect = { id: true, teamId: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, kind: true, origins: true } as const;

export async function insertApiKey(
  db: Db,
  data: { teamId: number; name: string; prefix: string; hash: string; createdById: number | null; createdAt: Date; kind?: "secret" | "public"; origins?: string[] },
): Promise<ApiKeyRow> {
  const prisma = prismaOf(db);
  return prisma.apiKey.create({ data, select: listSelect });
}

export async function listApiKeys(db: Db, teamId: number): Promise<ApiKeyRow[]> {
  const prisma = prismaOf(db);
  return prisma.apiKey.findMany({ where: { teamId }, select: listSelect, orderBy: { id: "asc" } });
}

/** The key with this hash, revoked or not: the caller decides what a revoked key means. */
export async function findApiKeyByHash(db: Db, hash: string): Promise<ApiKeyRow | null> {
  const prisma = prismaOf(db);
  return prisma.apiKey.findUnique({ where: { hash }, select: listSelect });
}

export async function revokeApiKeyRow(db: Db, teamId: number, id: number, at: Date): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.apiKey.updateMany({ where: { teamId, id, revokedAt: null }, data: { revokedAt: at } });
}

/** Records use, skipping the write when the stored time is recent enough (`staleBefore`). */
export async function touchApiKey(db: Db, id: number, at: Date, staleBefore: Date): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.apiKey.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
    data: { lastUsedAt: at },
  });
}

/** Replaces a public key's allowed origins. */
export async function setApiKeyOrigins(db: Db, teamId: number, id: number, origins: string[]): Promise<void> {
  const prisma = prismaOf(db);
  await prisma.apiKey.updateMany({ where: { teamId, id, kind: "public" }, data: { origins } });
}
