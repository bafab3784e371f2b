import type { Db } from "./store.js";
import { preparedSqlOf, prismaOf } from "./types.js";

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

/**
 * The key with this hash, revoked or not: the caller decides what a revoked key means. Every
 * ingestion request asks, so it is a prepared statement: through Prisma's query engine the
 * look-up cost about 1.3 ms a request, most of it the process's own work.
 */
export async function findApiKeyByHash(db: Db, hash: string): Promise<ApiKeyRow | null> {
  const [row] = await preparedSqlOf(db).query<{
    id: number;
    team_id: number;
    name: string;
    prefix: string;
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
    kind: ApiKeyRow["kind"];
    origins: string[];
  }>(
    `SELECT id, team_id, name, prefix, created_at, last_used_at, revoked_at, kind::text AS kind, origins FROM api_key WHERE hash = $1`,
    [hash],
  );
  if (!row) return null;
  return {
    id: Number(row.id),
    teamId: Number(row.team_id),
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    kind: row.kind,
    origins: row.origins,
  };
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
