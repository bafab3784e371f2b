/**
 * Opens the store: PostgreSQL through `pg` + PrismaPg when a postgres:// URL is given,
 * otherwise PGlite (on disk at dataDir, or in memory) through pglite-prisma-adapter.
 * Pending migrations are applied before the handle is returned. PGlite on disk is locked for
 * this process first (src/store/data-dir-lock.ts): a second process gets DataDirLockedError.
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { lockDataDir, type DataDirLock } from "./data-dir-lock.js";
import { PrismaClient } from "./generated/client.js";
import { migrate, pgliteRunner, pgRunner, type MigrateResult } from "./migrator.js";
import { createStore, type RawConnection, type Store } from "./store.js";

export interface StoreHandle {
  /** What services get (ServiceDeps.store). */
  store: Store;
  /** The client itself, for the store's own tools, scripts and tests. */
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
  /** raw SQL for bulk paths */
  sql: { query<T>(text: string, params?: unknown[]): Promise<T[]> };
  /** What opening the store migrated. */
  migrations: MigrateResult;
}

export interface OpenStoreOptions {
  /** postgres:// or postgresql:// URL; anything else (or nothing) means PGlite. */
  databaseUrl?: string;
  /** PGlite data directory (ignored with `memory` or a PostgreSQL URL). */
  dataDir?: string;
  /** PostgreSQL schema to use (created if missing); defaults to the URL's `?schema=`, else the server's search_path. */
  schema?: string;
  /** In-memory PGlite. */
  memory?: boolean;
  /** Use this PGlite instance instead of opening one; it stays the caller's (close() leaves it open). */
  pglite?: PGlite;
  migrationsDir?: string;
  /** PGlite on disk: how long an unrefreshed lock on dataDir takes to go stale (tests shorten it). */
  lockStaleMs?: number;
  /** PGlite on disk: called if another process takes dataDir over while it is open. Default: throw. */
  onLockLost?: (error: Error) => void;
}

/**
 * The embedded database's buffer pool. PGlite's default (128MB) is set up in WebAssembly on every
 * start, which took a second or more of `npm start`; the embedded database holds one small
 * team's data, which the operating system caches as well (on disk, PGlite's files go through it).
 */
const PGLITE_SHARED_BUFFERS = "32MB";

/**
 * Column values as Prisma's raw queries hand them back, for statements the store runs on the pool
 * itself (prepared reads, `sqlOnly` transactions), so a repository reads the same values either
 * way: timestamps (stored as UTC) and dates as Dates at that UTC instant, bigints as BigInt. The
 * driver's own parsers read both in the process's time zone and a bigint as a string.
 */
const PRISMA_RAW_TYPES = {
  getTypeParser: (oid: number, format?: "text" | "binary") => {
    if (format === undefined || format === "text") {
      if (oid === pg.types.builtins.TIMESTAMP) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
      if (oid === pg.types.builtins.DATE) return (value: string) => new Date(`${value}T00:00:00.000Z`);
      if (oid === pg.types.builtins.INT8) return (value: string) => BigInt(value);
    }
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//i.test(url);

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function openStore(opts: OpenStoreOptions = {}): Promise<StoreHandle> {
  return isPostgresUrl(opts.databaseUrl) ? openPostgres(opts.databaseUrl, opts) : openPglite(opts);
}

async function openPglite(opts: OpenStoreOptions): Promise<StoreHandle> {
  const owned = !opts.pglite;
  const dataDir = owned && !opts.memory ? opts.dataDir : undefined;
  // Before PGlite touches the files: a second process must not even read them half-written.
  const lock: DataDirLock | undefined = dataDir
    ? await lockDataDir(dataDir, { staleMs: opts.lockStaleMs, onLost: opts.onLockLost })
    : undefined;
  let db: PGlite;
  try {
    db = opts.pglite ?? (await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`] }));
  } catch (err) {
    await lock?.release();
    throw err;
  }
  try {
    const migrations = await migrate(pgliteRunner(db), { migrationsDir: opts.migrationsDir });
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
    return {
      store: createStore(prisma),
      prisma,
      kind: "pglite",
      migrations,
      sql: { query: async <T>(text: string, params?: unknown[]) => (await db.query<T>(text, params)).rows },
      async close() {
        await prisma.$disconnect();
        if (owned && !db.closed) await db.close();
        await lock?.release();
      },
    };
  } catch (err) {
    if (owned) await db.close();
    await lock?.release();
    throw err;
  }
}

async function openPostgres(databaseUrl: string, opts: OpenStoreOptions): Promise<StoreHandle> {
  const url = new URL(databaseUrl);
  const schema = opts.schema ?? url.searchParams.get("schema") ?? undefined;
  url.searchParams.delete("schema"); // Prisma's URL convention; pg would ignore it
  const pool = new pg.Pool({
    connectionString: url.toString(),
    // Raw queries and Prisma's both resolve unqualified names in the chosen schema.
    ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
  });
  pool.on("error", () => {}); // an idle client dropped by the server must not crash the process
  try {
    const client = await pool.connect();
    let migrations: MigrateResult;
    try {
      if (schema) await createSchema(client, schema);
      migrations = await migrate(pgRunner(client), { migrationsDir: opts.migrationsDir });
    } finally {
      client.release();
    }
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
    const direct = async (name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values, types: PRISMA_RAW_TYPES })).rows;
    const connect = async (): Promise<RawConnection> => {
      const client = await pool.connect();
      // One statement at a time on the connection (the driver no longer wants to queue them):
      // the next is sent as soon as the one before is answered, before its rows are worked on.
      let previous: Promise<unknown> = Promise.resolve();
      return {
        query: (text, values, as) => {
          const name = as && "name" in as ? as.name : undefined;
          const run = previous.then(() => client.query(values.length > 0 || as ? { text, values, name, types: PRISMA_RAW_TYPES } : text));
          previous = run.catch(() => {});
          return run.then((result) => result.rows);
        },
        release: (error) => client.release(error),
      };
    };
    return {
      // pg.Pool's counts: connections open, and those of them waiting in the pool.
      store: createStore(prisma, { direct, connect, idle: () => pool.totalCount - pool.idleCount <= 1 && pool.waitingCount === 0 }),
      prisma,
      kind: "postgres",
      migrations,
      sql: { query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[] },
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end();
    throw err;
  }
}

async function createSchema(client: pg.PoolClient, schema: string) {
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  } catch (err) {
    // Two processes creating it at once: one of them gets a duplicate error, which is fine.
    const code = (err as { code?: string }).code;
    if (code !== "23505" && code !== "42P06") throw err;
  }
}
