/**
 * Applies prisma/migrations at start-up, recording them in Prisma's own `_prisma_migrations`
 * table so that `prisma migrate deploy` on a machine that has the schema engine sees the same
 * history (Prisma's engine cannot be downloaded here; see shared/ARCHITECTURE.md).
 *
 * It runs over a tiny SQL runner bound to ONE database session rather than over the Prisma
 * driver adapter: the adapters cannot run a multi-statement script on a pinned connection
 * (PrismaPg's executeScript goes to any pool connection; the PGlite adapter's does not even
 * await), and a session-level advisory lock needs one connection throughout.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGliteInterface } from "@electric-sql/pglite";
import type pg from "pg";

/** One database session: a statement with $n parameters, or a parameterless script. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(script: string): Promise<void>;
}

export function pgliteRunner(db: PGliteInterface): SqlRunner {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    exec: async (script) => void (await db.exec(script)),
  };
}

/** A pg Client or a PoolClient checked out of a pool (not the Pool: it must be one session). */
export function pgRunner(client: pg.ClientBase): SqlRunner {
  return {
    query: async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as T[],
    // Without parameters pg uses the simple protocol, which accepts several statements.
    exec: async (script) => void (await client.query(script)),
  };
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

/** The key Prisma's schema engine locks, so this migrator and `prisma migrate` exclude each other. */
const PRISMA_MIGRATE_LOCK = 72707369;

export interface MigrateOptions {
  migrationsDir?: string;
}

export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations already in the database and unchanged. */
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

interface LocalMigration {
  name: string;
  script: string;
  checksum: string;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Prisma accepts a checksum computed with either line ending, since git may convert them. */
function matchesChecksum(script: string, checksum: string): boolean {
  const lf = script.replace(/\r\n/g, "\n");
  return [script, lf, lf.replace(/\n/g, "\r\n")].some((s) => sha256(s) === checksum);
}

export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const script = await readFile(join(dir, name, "migration.sql"), "utf8");
      return { name, script, checksum: sha256(script) };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "_prisma_migrations_pkey" PRIMARY KEY ("id")
)`;

/**
 * Applies every migration not yet recorded, oldest first, each in its own transaction together
 * with its `_prisma_migrations` row. Throws before applying anything if a recorded migration's
 * file changed, or if one failed and was never resolved.
 */
export async function migrate(db: SqlRunner, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const local = await readMigrations(opts.migrationsDir);
  await db.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
  try {
    await db.exec(CREATE_TABLE);
    const rows = await db.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
       WHERE rolled_back_at IS NULL ORDER BY started_at`,
    );
    const done = new Set<string>();
    for (const row of rows) {
      const file = local.find((m) => m.name === row.migration_name);
      if (row.finished_at === null) {
        throw new MigrationError(
          `Migration ${row.migration_name} failed earlier and is not resolved; fix the database, then mark it rolled back (prisma migrate resolve --rolled-back).`,
        );
      }
      if (file && !matchesChecksum(file.script, row.checksum)) {
        throw new MigrationError(
          `Migration ${row.migration_name} was modified after it was applied (checksum ${row.checksum} in the database, ${file.checksum} on disk). Restore the file and add a new migration instead.`,
        );
      }
      done.add(row.migration_name);
    }
    const applied: string[] = [];
    for (const m of local.filter((l) => !done.has(l.name))) {
      await db.exec("BEGIN");
      try {
        await db.exec(m.script);
        await db.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await db.exec("COMMIT");
      } catch (err) {
        await db.exec("ROLLBACK");
        throw new MigrationError(`Migration ${m.name} failed and was rolled back: ${(err as Error).message}`, {
          cause: err,
        });
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied: local.filter((l) => done.has(l.name)).map((l) => l.name) };
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
  }
}
