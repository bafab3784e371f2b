/**
 * What repositories share, and only they: the Prisma client behind a service's `Db` handle,
 * and raw SQL on it. Services import src/store/store.ts and repositories, never this file
 * (eslint.config.js).
 */
import type { PrismaClient, Prisma } from "./generated/client.js";
import type { Db } from "./store.js";

export type { PrismaClient };
/** The client, or the client inside an interactive transaction. */
export type DbOrTx = PrismaClient | Prisma.TransactionClient;

/** Raw SQL for the bulk paths, where Prisma's per-row mapping would dominate. */
export interface SqlRunner {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

/** The handle a service holds for a client or transaction. At run time it is that very object. */
export const asDb = (client: DbOrTx): Db => client as unknown as Db;

/** The client or transaction behind a service's handle. */
export const prismaOf = (db: Db): DbOrTx => db as unknown as DbOrTx;

/** Runs raw SQL on whatever the caller holds: inside its transaction if it holds one. */
export function sqlOf(db: Db | DbOrTx): SqlRunner {
  const client = db as unknown as DbOrTx;
  return {
    query: <T>(text: string, params: unknown[] = []) => client.$queryRawUnsafe<T[]>(text, ...params),
  };
}

/**
 * A timestamp column as epoch milliseconds, for rows decoded by hand: through float8
 * (date_part) it is cheaper than numeric EXTRACT, and exact once rounded.
 */
export const epochMs = (column: string): string => `round(date_part('epoch', ${column}) * 1000)`;
