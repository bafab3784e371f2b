/**
 * What repositories share, and only they: the Prisma client behind a service's `Db` handle,
 * and raw SQL on it. Services import src/store/store.ts and repositories, never this file
 * (eslint.config.js).
 */
import { createHash } from "node:crypto";
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

/**
 * A transaction on a connection of its own, outside Prisma (the store's `sqlOnly` transactions):
 * its handle runs raw SQL only. `prepared` statements are planned for each call's parameters.
 */
export interface RawTransaction {
  sql: SqlRunner;
  prepared: SqlRunner;
  /** Prepared once per connection (see keyedSqlOf). */
  keyed: SqlRunner;
}

const rawTransactions = new WeakMap<object, RawTransaction>();

/** The handle a `sqlOnly` transaction hands to its work. */
export function rawTransactionHandle(transaction: RawTransaction): Db {
  const handle = Object.freeze({ kind: "sql-only transaction" });
  rawTransactions.set(handle, transaction);
  return handle as unknown as Db;
}

/**
 * The planner settings of a transaction whose every statement reaches its rows by key (see
 * batch-rescore.repository.ts): sequential and bitmap scans, hash and merge joins priced out
 * (PostgreSQL still uses them where nothing else serves).
 */
export const KEYED_PLAN_SETTINGS = ["enable_seqscan", "enable_bitmapscan", "enable_hashjoin", "enable_mergejoin"] as const;

/** Transactions (their handles) planned by key already: a setting lasts as long as its transaction. */
const plannedByKey = new WeakSet<object>();

/** Marks `db` as planned by key (it set KEYED_PLAN_SETTINGS, when it began or since). */
export function markPlannedByKey(db: Db): void {
  plannedByKey.add(db as object);
}

export function isPlannedByKey(db: Db): boolean {
  return plannedByKey.has(db as object);
}

/** The client or transaction behind a service's handle. */
export function prismaOf(db: Db): DbOrTx {
  if (rawTransactions.has(db as object)) {
    throw new Error("a Prisma call inside a sqlOnly transaction: its work may use raw-SQL repositories only (see Store.transaction)");
  }
  return db as unknown as DbOrTx;
}

/** Runs raw SQL on whatever the caller holds: inside its transaction if it holds one. */
export function sqlOf(db: Db | DbOrTx): SqlRunner {
  const raw = rawTransactions.get(db as object);
  if (raw) return raw.sql;
  const client = db as unknown as DbOrTx;
  return {
    query: <T>(text: string, params: unknown[] = []) => client.$queryRawUnsafe<T[]>(text, ...params),
  };
}

/**
 * Runs a statement as a named prepared statement on the server's own connection pool, outside
 * Prisma: planned once per connection instead of on every call (a read with many joins spends
 * more in the planner than in the executor) and without Prisma's per-query work. Registered by
 * the store for its handle outside transactions on PostgreSQL (see createStore); Date parameters
 * travel as ISO strings, as Prisma sends them.
 */
export type DirectQuery = (name: string, text: string, params: unknown[]) => Promise<unknown[]>;

const directRunners = new WeakMap<object, DirectQuery>();

/** Makes `db` run preparedSqlOf's statements through `query`. */
export function registerDirectQuery(db: Db | DbOrTx, query: DirectQuery): void {
  directRunners.set(db as object, query);
}

const statementNames = new Map<string, string>();

/** A name per statement text, the same in every process. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `leadbot_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * sqlOf for statements run often with the same text: on PostgreSQL outside Prisma, prepared once
 * per connection outside transactions, and in `sqlOnly` ones run unnamed (see Store); plain raw
 * SQL elsewhere (in Prisma's transactions, on PGlite). Values read back as Prisma's raw queries
 * give them (the store's pool parses timestamps, dates and bigints as Prisma does, see
 * client.ts); a statement's text must be fixed (one prepared statement per text and
 * connection), not built per call. Outside a transaction PostgreSQL may settle on one generic
 * plan for every call, which suits look-ups by key; in `sqlOnly` transactions each call is
 * planned for its parameters.
 */
export function preparedSqlOf(db: Db | DbOrTx): SqlRunner {
  const raw = rawTransactions.get(db as object);
  if (raw) return raw.prepared;
  const direct = directRunners.get(db as object);
  if (!direct) return sqlOf(db);
  return { query: async <T>(text: string, params: unknown[] = []) => (await direct(statementName(text), text, params)) as T[] };
}

/**
 * preparedSqlOf for a statement whose every plan reaches its rows by key, whatever its
 * parameters (a look-up per key, or a statement the re-score runs after planning by key, see
 * batch-rescore.repository.ts), so that one generic plan serves every call: on PostgreSQL it
 * is prepared once per connection in `sqlOnly` transactions too, where PostgreSQL may then keep
 * a generic plan instead of parsing and planning it for each batch. Not for a statement whose
 * plan depends on how many rows its arrays hold (a join of two of them, or an index walked in
 * order): a generic plan guesses ten, and walked the whole primary key to lock a batch's leads.
 * A generic plan is kept until the table's statistics change: with none at all (autovacuum off),
 * one prepared while the lead table was nearly empty walked a team through another of its
 * indexes for the identity look-up (README, "How the hot paths are kept fast").
 */
export function keyedSqlOf(db: Db | DbOrTx): SqlRunner {
  return rawTransactions.get(db as object)?.keyed ?? preparedSqlOf(db);
}

/** The name preparedSqlOf gives a statement (for a connection that prepares it). */
export const preparedName = (text: string): string => statementName(text);

/**
 * A timestamp column as epoch milliseconds, for rows decoded by hand: through float8
 * (date_part) it is cheaper than numeric EXTRACT, and exact once rounded.
 */
export const epochMs = (column: string): string => `round(date_part('epoch', ${column}) * 1000)`;
