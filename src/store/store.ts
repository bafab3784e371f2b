/**
 * The store as services see it: transactions, transactions retried on conflict, read-only
 * snapshots, and a handle (`Db`) to pass to repositories. Services never hold the Prisma
 * client: they cannot query through a `Db`, only hand it to a repository function, which
 * unwraps it (src/store/types.ts). What the database refuses comes out as the store's own
 * errors (src/store/errors.ts), whichever way the call went.
 */
import { Conflict, isAlreadyExists, isConflict, translateDbError } from "./errors.js";
import type { PrismaClient } from "./generated/client.js";
import { asDb, KEYED_PLAN_SETTINGS, markPlannedByKey, preparedName, rawTransactionHandle, registerDirectQuery, sqlOf, type DirectQuery } from "./types.js";

declare const handle: unique symbol;

/**
 * The database as a service holds it: the store outside any transaction (`store.db`), or the
 * transaction a `Store` method hands to its work. Opaque on purpose: only repositories read it.
 */
export interface Db {
  readonly [handle]: "Db";
}

export interface TransactionOptions {
  /** Milliseconds the work may run before the transaction is rolled back (Prisma's default: 5 s). */
  timeout?: number;
  /** Milliseconds to wait for a connection to start it (Prisma's default: 2 s). */
  maxWait?: number;
  /**
   * The work reaches the database through raw-SQL repositories only (sqlOf, preparedSqlOf). On
   * PostgreSQL it then runs on a pool connection of its own, outside Prisma, each statement
   * planned for its own parameters: for hot bulk paths (an ingestion batch), where
   * Prisma's work on each statement's parameters and rows cost more than the statement. A
   * repository that calls Prisma throws inside one. Elsewhere (PGlite) an ordinary transaction.
   */
  sqlOnly?: boolean;
  /**
   * False: the commit does not wait for the disk (synchronous_commit off). Only for a transaction
   * that a later one builds on and commits durably before anyone is answered (the leads a batch
   * creates ahead of its events): that commit's flush carries this one's, which comes before it
   * in the log, and should the server stop before it, nothing was answered and a resend creates
   * them again. Default: true.
   */
  waitForDisk?: boolean;
  /**
   * Every statement of the work reaches its rows by key: the transaction begins with
   * KEYED_PLAN_SETTINGS, in the same round trip as its BEGIN (`sqlOnly` on PostgreSQL; elsewhere
   * the statements that need them set them, see batch-rescore.repository.ts). Default: false.
   */
  planByKey?: boolean;
}

/** How a RawConnection sends a statement (see query). */
export type StatementForm = { extended: true } | { name: string };

/** A pool connection for `sqlOnly` transactions (PostgreSQL). */
export interface RawConnection {
  /**
   * Without parameters a plain query (it may hold several statements: BEGIN; SET LOCAL …), unless
   * `as` says otherwise: then, as with parameters, one statement, its rows read as Prisma's raw
   * queries, prepared under `as.name` if it has one.
   */
  query(text: string, params: unknown[], as?: StatementForm): Promise<unknown[]>;
  /** Back to the pool; with an error, the connection is closed instead. */
  release(error?: Error): void;
}

export interface RetryOptions extends TransactionOptions {
  /** How many times the work runs at most (default 4). */
  attempts?: number;
  /**
   * "retry": a unique-constraint refusal (AlreadyExists) also runs the work again, for work
   * that looks a row up and creates it when missing: a concurrent creator may have won, and
   * the next attempt finds its row. Default: thrown at once.
   */
  onAlreadyExists?: "retry" | "throw";
}

export interface SnapshotOptions extends TransactionOptions {
  /**
   * False turns PostgreSQL's JIT compilation off for the snapshot: for many short statements
   * its compile time costs more than it saves. Default: the server's setting.
   */
  jit?: boolean;
}

export interface Store {
  /** Outside any transaction: each repository call is on its own. */
  readonly db: Db;
  /** Runs `work` in one transaction (READ COMMITTED), committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * A transaction run again, after a short random pause, when the database rolled it back for a
   * conflict with a concurrent one (serialization failure, deadlock). `work` must be safe to run
   * again: everything it wrote was rolled back, but anything it changed outside the database was
   * not. Throws Conflict when the last attempt conflicts too.
   */
  retrying<T>(work: (tx: Db) => Promise<T>, options?: RetryOptions): Promise<T>;
  /**
   * A read-only transaction at REPEATABLE READ: every read in `work` sees the database as it
   * was at its first statement, whatever commits meanwhile. (PGlite is one connection that runs
   * transactions one at a time, so there a snapshot is consistent by construction; the same
   * statements set the same isolation there.) Writes in `work` fail.
   *
   * `beside`, when not null, reads on a second connection that sees the very same snapshot (an
   * exported one), so a long read can run there while `work` reads on: on PostgreSQL while no
   * other connection of this process is busy (as Store.beside). Every read `beside` starts must
   * be awaited before `work` resolves, since the snapshot it shares ends with the transaction.
   */
  snapshot<T>(work: (db: Db, beside: ReadBeside | null) => Promise<T>, options?: SnapshotOptions): Promise<T>;
  /**
   * A way to read on a second connection while the caller's transaction goes on, when that can
   * help: on PostgreSQL while no other connection of this process is busy, so the second one has
   * a core of its own. Null otherwise (PGlite has one connection; a busy process would only make
   * the two compete), and the caller reads in its own transaction. The reads run in a read-only
   * transaction of their own: they see what others committed, never the caller's own writes.
   */
  beside(): ReadBeside | null;
}

/** Runs read-only `work` on a connection of its own (see Store.beside). */
export type ReadBeside = <T>(work: (db: Db) => Promise<T>, options?: Pick<TransactionOptions, "planByKey">) => Promise<T>;

const DEFAULT_ATTEMPTS = 4;

/**
 * The store over a Prisma client. Every operation, in or out of a transaction, goes through an
 * extension that turns the database's refusals into the store's errors. `direct` runs the
 * prepared statements of reads outside transactions (see preparedSqlOf), with the same errors.
 */
export function createStore(
  client: PrismaClient,
  options: {
    direct?: DirectQuery;
    connect?: () => Promise<RawConnection>;
    /** Whether at most one of the pool's connections is busy (see Store.beside). */
    idle?: () => boolean;
  } = {},
): Store {
  const prisma = withStoreErrors(client);
  const { direct, connect, idle } = options;
  if (direct) {
    registerDirectQuery(prisma, async (name, text, params) => {
      try {
        return await direct(name, text, params.map(isoDates));
      } catch (error) {
        throw translateDbError(error);
      }
    });
  }
  const transaction = async <T>(work: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T> => {
    if (options?.sqlOnly && connect) return rawTransaction(connect, work, options);
    try {
      return await prisma.$transaction(async (tx) => {
        if (options?.waitForDisk === false) await sqlOf(asDb(tx)).query(NO_WAIT_FOR_DISK);
        return work(asDb(tx));
      }, options);
    } catch (error) {
      // A conflict can surface at COMMIT, outside any one operation.
      throw translateDbError(error);
    }
  };
  return {
    db: asDb(prisma),
    transaction,
    async retrying(work, options = {}) {
      const attempts = Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS);
      for (let attempt = 1; ; attempt++) {
        try {
          return await transaction(work, options);
        } catch (error) {
          const again = isConflict(error) || (options.onAlreadyExists === "retry" && isAlreadyExists(error));
          if (!again) throw error;
          if (attempt >= attempts) throw isConflict(error) ? new Conflict(`still conflicting after ${attempts} attempts`, { cause: error }) : error;
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
        }
      }
    },
    snapshot(work, options = {}) {
      return transaction(async (tx) => {
        // Must be the transaction's first statement; PostgreSQL refuses it later.
        await sqlOf(tx).query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
        if (options.jit === false) await sqlOf(tx).query(`SELECT set_config('jit', 'off', true)`);
        return work(tx, connect && idle?.() ? sharingSnapshot(tx, connect, options) : null);
      }, options);
    },
    beside() {
      if (!connect || !idle?.()) return null;
      return (work, options) => rawTransaction(connect, work, { ...options, readOnly: true });
    },
  };
}

/**
 * Reads beside snapshot `tx` that see what it sees: its snapshot is exported once, at the first
 * read, and each read imports it on a connection of its own.
 */
function sharingSnapshot(tx: Db, connect: () => Promise<RawConnection>, options: SnapshotOptions): ReadBeside {
  let exported: Promise<string> | undefined;
  return async (work, besideOptions) => {
    exported ??= sqlOf(tx)
      .query<{ id: string }>(`SELECT pg_export_snapshot() AS id`)
      .then(([row]) => row!.id);
    return rawTransaction(connect, work, { ...options, ...besideOptions, readOnly: true, snapshotId: await exported });
  };
}

/** A raw transaction's options: a read beside one may share an exported snapshot (snapshotId). */
type RawTransactionOptions = TransactionOptions & { readOnly?: boolean; snapshotId?: string; jit?: boolean };

/** TransactionOptions.waitForDisk false, as the transaction's first statement. */
const NO_WAIT_FOR_DISK = "SET LOCAL synchronous_commit = off";

/** Prisma's defaults for an interactive transaction, which `sqlOnly` ones keep. */
const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_WAIT_MS = 2_000;

/**
 * A `sqlOnly` transaction: BEGIN on a connection of its own, the work's raw SQL on it, COMMIT, or
 * ROLLBACK when the work throws; the database's refusals as the store's errors. Like Prisma's, it
 * is rolled back once it has run `timeout` ms (no statement runs longer either), and waits at
 * most `maxWait` ms for a connection.
 */
async function rawTransaction<T>(
  connect: () => Promise<RawConnection>,
  work: (tx: Db) => Promise<T>,
  options: RawTransactionOptions,
): Promise<T> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const connecting = connect();
  const connection = await withinMs(connecting, options.maxWait ?? DEFAULT_MAX_WAIT_MS, "waiting for a database connection").catch((error: unknown) => {
    // A connection that comes after all goes straight back.
    connecting.then((late) => late.release(), () => {});
    throw error;
  });
  let open = true;
  let expired = false;
  const timer = setTimeout(() => (expired = true), timeout);
  const run = async (text: string, params: unknown[], as?: StatementForm): Promise<unknown[]> => {
    if (!open || expired) throw new Error(`the transaction is closed${expired ? ` (it ran longer than ${timeout} ms)` : ""}`);
    try {
      return await connection.query(text, params.map(isoDates), as);
    } catch (error) {
      throw translateDbError(error);
    }
  };
  // preparedSqlOf's statements run unnamed here, so each is planned for its own parameters: after
  // five runs a prepared statement may keep a generic plan, which cannot see how many ids an
  // array parameter holds and chose scans of whole tables for a batch's look-ups. Forcing custom
  // plans on the connection instead (plan_cache_mode) also reaches the foreign-key checks' cached
  // plans: re-planning those for every inserted row took longer than the insert itself.
  // keyedSqlOf's run under their name: their plans reach rows by key, a generic one included,
  // as long as the tables have statistics (see keyedSqlOf).
  const handle = rawTransactionHandle({
    sql: { query: async <R>(text: string, params: unknown[] = []) => (await run(text, params)) as R[] },
    prepared: { query: async <R>(text: string, params: unknown[] = []) => (await run(text, params, { extended: true })) as R[] },
    keyed: { query: async <R>(text: string, params: unknown[] = []) => (await run(text, params, { name: preparedName(text) })) as R[] },
  });
  if (options.planByKey) markPlannedByKey(handle);
  let broken: Error | undefined;
  try {
    // No statement may outlast the transaction's own bound.
    await connection.query(beginStatements(options, timeout), []);
    const result = await work(handle);
    if (expired) throw new Error(`the transaction ran longer than ${timeout} ms and was rolled back`);
    open = false;
    await connection.query("COMMIT", []);
    return result;
  } catch (error) {
    if (open) {
      open = false;
      await connection.query("ROLLBACK", []).catch((rollbackError: unknown) => (broken = rollbackError as Error));
    }
    throw translateDbError(error);
  } finally {
    open = false;
    clearTimeout(timer);
    connection.release(broken);
  }
}

/** A raw transaction's first statements, sent as one. */
function beginStatements(options: RawTransactionOptions, timeout: number): string {
  const { snapshotId } = options;
  // The identifier is the server's own answer, but it is spliced into SQL: only its own form passes.
  if (snapshotId !== undefined && !/^[0-9A-F-]+$/i.test(snapshotId)) throw new Error("not a snapshot identifier");
  return [
    snapshotId ? `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET TRANSACTION SNAPSHOT '${snapshotId}'` : `BEGIN${options.readOnly ? " READ ONLY" : ""}`,
    `SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeout))}`,
    ...(options.waitForDisk === false ? [NO_WAIT_FOR_DISK] : []),
    ...(options.jit === false ? ["SET LOCAL jit = off"] : []),
    ...(options.planByKey ? KEYED_PLAN_SETTINGS.map((name) => `SET LOCAL ${name} = off`) : []),
  ].join("; ");
}

/** Dates travel as ISO strings, as Prisma sends them (the driver would send local time). */
const isoDates = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up ${what} after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The client with every operation's database errors translated (see errors.ts). */
function withStoreErrors(client: PrismaClient): PrismaClient {
  const extended = client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw translateDbError(error);
        }
      },
    },
  });
  // The extension adds no methods; what repositories call is PrismaClient's own surface.
  return extended as unknown as PrismaClient;
}
