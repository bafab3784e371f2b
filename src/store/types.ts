import type { PrismaClient, Prisma } from "./generated/client.js";

export type { PrismaClient };
/** The client, or the client inside an interactive transaction. */
export type DbOrTx = PrismaClient | Prisma.TransactionClient;

/** Raw SQL for the bulk paths, where Prisma's per-row mapping would dominate. */
export interface SqlRunner {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

/** Runs raw SQL on whatever the caller holds: inside its transaction if it holds one. */
export function sqlOf(db: DbOrTx): SqlRunner {
  return {
    query: <T>(text: string, params: unknown[] = []) => db.$queryRawUnsafe<T[]>(text, ...params),
  };
}

/**
 * A timestamp column as epoch milliseconds, for rows decoded by hand: through float8
 * (date_part) it is cheaper than numeric EXTRACT, and exact once rounded.
 */
export const epochMs = (column: string): string => `round(date_part('epoch', ${column}) * 1000)`;
