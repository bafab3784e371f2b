import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStore, type StoreHandle } from "../../src/store/client.js";
import { DEFAULT_MIGRATIONS_DIR, migrate, MigrationError, readMigrations } from "../../src/store/migrator.js";
import { createEmptyDatabase, postgresAvailable, TEST_DATABASE_URL, type EmptyDatabase } from "../support/db.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

let dirs: string[] = [];
/** A copy of prisma/migrations that a test may change. */
async function migrationsCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "leadbot-migrations-"));
  dirs.push(dir);
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}
async function addMigration(dir: string, name: string, sql: string) {
  await mkdir(join(dir, name));
  await writeFile(join(dir, name, "migration.sql"), sql);
}

function migratorSuite(kind: "pglite" | "postgres") {
  describe(`migrator on ${kind}`, () => {
    let db: EmptyDatabase;
    let session: Awaited<ReturnType<EmptyDatabase["session"]>>;
    const rows = () => session.query<MigrationRow>(`SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name`);
    const tableExists = async (name: string) =>
      (await session.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [name]))[0]?.t != null;

    beforeEach(async () => {
      db = await createEmptyDatabase(kind);
      session = await db.session();
    });
    afterEach(async () => {
      await session.close();
      await db.close();
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
      dirs = [];
    });

    it("applies every migration once, in order, recorded as Prisma records them", async () => {
      const local = await readMigrations();
      expect(local.length).toBeGreaterThan(0);

      const first = await migrate(session);
      expect(first).toEqual({ applied: local.map((m) => m.name), alreadyApplied: [] });
      expect(await tableExists("lead")).toBe(true);

      const recorded = await rows();
      expect(recorded.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
      for (const [i, row] of recorded.entries()) {
        const file = await readFile(join(DEFAULT_MIGRATIONS_DIR, row.migration_name, "migration.sql"), "utf8");
        expect(row.checksum).toBe(sha256(file));
        expect(row.checksum).toBe(local[i]!.checksum);
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
        expect(row).toMatchObject({ rolled_back_at: null, logs: null, applied_steps_count: 1 });
      }

      // The table itself is the one Prisma's schema engine creates.
      const columns = await session.query(
        `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default IS NOT NULL AS has_default
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'
         ORDER BY ordinal_position`,
      );
      expect(columns).toEqual([
        { column_name: "id", data_type: "character varying", len: 36, is_nullable: "NO", has_default: false },
        { column_name: "checksum", data_type: "character varying", len: 64, is_nullable: "NO", has_default: false },
        { column_name: "finished_at", data_type: "timestamp with time zone", len: null, is_nullable: "YES", has_default: false },
        { column_name: "migration_name", data_type: "character varying", len: 255, is_nullable: "NO", has_default: false },
        { column_name: "logs", data_type: "text", len: null, is_nullable: "YES", has_default: false },
        { column_name: "rolled_back_at", data_type: "timestamp with time zone", len: null, is_nullable: "YES", has_default: false },
        { column_name: "started_at", data_type: "timestamp with time zone", len: null, is_nullable: "NO", has_default: true },
        { column_name: "applied_steps_count", data_type: "integer", len: null, is_nullable: "NO", has_default: true },
      ]);
    });

    it("is idempotent: a second run applies nothing and records nothing", async () => {
      await migrate(session);
      const before = await rows();
      const second = await migrate(session);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(before.map((r) => r.migration_name));
      expect(await rows()).toEqual(before);
    });

    it("applies only the migrations added since, oldest first", async () => {
      const dir = await migrationsCopy();
      await migrate(session, { migrationsDir: dir });
      await addMigration(dir, "29990102000000_second", `ALTER TABLE "probe" ADD COLUMN "b" INTEGER;`);
      await addMigration(dir, "29990101000000_first", `CREATE TABLE "probe" ("a" INTEGER);`);
      const result = await migrate(session, { migrationsDir: dir });
      expect(result.applied).toEqual(["29990101000000_first", "29990102000000_second"]);
      expect((await rows()).slice(-2).map((r) => r.migration_name)).toEqual(result.applied);
    });

    it("refuses to run when an applied migration was modified, and applies nothing", async () => {
      const dir = await migrationsCopy();
      await migrate(session, { migrationsDir: dir });
      const [first] = await readMigrations(dir);
      await writeFile(join(dir, first!.name, "migration.sql"), `${first!.script}\n-- edited afterwards\n`);
      await addMigration(dir, "29990101000000_pending", `CREATE TABLE "probe" ("a" INTEGER);`);

      const run = migrate(session, { migrationsDir: dir });
      await expect(run).rejects.toBeInstanceOf(MigrationError);
      await expect(run).rejects.toThrow(new RegExp(`${first!.name} was modified after it was applied`));
      expect(await tableExists("probe")).toBe(false);
      // The lock was released: a run with the file restored goes through.
      await writeFile(join(dir, first!.name, "migration.sql"), first!.script);
      expect((await migrate(session, { migrationsDir: dir })).applied).toEqual(["29990101000000_pending"]);
    });

    it("accepts the same file with CRLF line endings, as Prisma does", async () => {
      const dir = await migrationsCopy();
      await migrate(session, { migrationsDir: dir });
      for (const m of await readMigrations(dir)) {
        await writeFile(join(dir, m.name, "migration.sql"), m.script.replace(/\n/g, "\r\n"));
      }
      expect((await migrate(session, { migrationsDir: dir })).applied).toEqual([]);
    });

    it("rolls back a failing migration whole and records nothing, so it can be fixed and rerun", async () => {
      const dir = await migrationsCopy();
      await migrate(session, { migrationsDir: dir });
      await addMigration(dir, "29990101000000_broken", `CREATE TABLE "probe" ("a" INTEGER);\nSELECT * FROM "no_such_table";`);
      const count = (await rows()).length;

      await expect(migrate(session, { migrationsDir: dir })).rejects.toThrow(/29990101000000_broken failed and was rolled back/);
      expect(await tableExists("probe")).toBe(false);
      expect(await rows()).toHaveLength(count);

      await writeFile(join(dir, "29990101000000_broken", "migration.sql"), `CREATE TABLE "probe" ("a" INTEGER);`);
      expect((await migrate(session, { migrationsDir: dir })).applied).toEqual(["29990101000000_broken"]);
    });

    it("moves each lead's latest snapshot onto the lead as its scored day, keeping the days before", async () => {
      // The data as it stood before: a snapshot written at every score write, the latest
      // holding what the lead holds.
      const dir = await migrationsCopy();
      await rm(join(dir, "20261216001001_lead_scored_day"), { recursive: true });
      await migrate(session, { migrationsDir: dir });
      const [team] = await session.query<{ id: number }>(`INSERT INTO team (name, tiers) VALUES ('T', '[]') RETURNING id`);
      const [lead, fresh] = await session.query<{ id: number }>(
        `INSERT INTO lead (team_id, name, score, tier) VALUES ($1, 'Scored', 70, 'hot'), ($1, 'Never scored', 0, 'cold') RETURNING id`,
        [team!.id],
      );
      await session.query(
        `INSERT INTO score_snapshot (team_id, lead_id, day, score, tier) VALUES ($1, $2, '2026-06-01', 20, 'cold'), ($1, $2, '2026-06-03', 40, 'warm'), ($1, $2, '2026-06-04', 70, 'hot')`,
        [team!.id, lead!.id],
      );

      expect((await migrate(session)).applied).toEqual(["20261216001001_lead_scored_day"]);
      const leads = await session.query<{ id: number; day: string | null }>(`SELECT id, to_char(scored_day, 'YYYY-MM-DD') AS day FROM lead ORDER BY id`);
      expect(leads).toEqual([
        { id: lead!.id, day: "2026-06-04" },
        { id: fresh!.id, day: null },
      ]);
      const days = await session.query<{ day: string; score: number }>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, score FROM score_snapshot ORDER BY day`);
      expect(days).toEqual([
        { day: "2026-06-01", score: 20 },
        { day: "2026-06-03", score: 40 },
      ]);
    });

    it("refuses to run over a migration Prisma recorded as failed and unresolved", async () => {
      await migrate(session);
      await session.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, applied_steps_count)
         VALUES ('00000000-0000-0000-0000-000000000000', 'x', '29990101000000_failed', 'boom', 0)`,
      );
      await expect(migrate(session)).rejects.toThrow(/29990101000000_failed failed earlier and is not resolved/);
    });
  });
}

migratorSuite("pglite");

describe.runIf(await postgresAvailable())("on PostgreSQL", () => {
  migratorSuite("postgres");

  describe("two processes starting at once", () => {
    let db: EmptyDatabase;
    const stores: StoreHandle[] = [];
    beforeAll(async () => {
      db = await createEmptyDatabase("postgres");
    });
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await db.close();
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    });

    it("apply each migration once: the second waits for the first's lock", async () => {
      const dir = await migrationsCopy();
      // Long enough that the two runs certainly overlap.
      await addMigration(dir, "29990101000000_slow", `SELECT pg_sleep(0.5);\nCREATE TABLE "probe" ("a" INTEGER);`);
      const [a, b] = await Promise.all([db.session(), db.session()]);
      try {
        const results = await Promise.all([migrate(a, { migrationsDir: dir }), migrate(b, { migrationsDir: dir })]);
        const names = (await readMigrations(dir)).map((m) => m.name);
        expect(results.map((r) => r.applied.length).sort()).toEqual([0, names.length]);
        expect(results.flatMap((r) => r.applied)).toEqual(names);
        const recorded = await a.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`);
        expect(recorded.map((r) => r.migration_name).sort()).toEqual(names);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it("openStore twice at once on a new schema: both open, the schema is created and migrated once", async () => {
      const schema = `${db.schema}_app`;
      try {
        stores.push(...(await Promise.all([1, 2].map(() => openStore({ databaseUrl: TEST_DATABASE_URL, schema })))));
        const applied = stores.map((s) => s.migrations.applied.length).sort();
        const local = await readMigrations();
        expect(applied).toEqual([0, local.length]);
        const recorded = await stores[0]!.sql.query(`SELECT 1 FROM "_prisma_migrations"`);
        expect(recorded).toHaveLength(local.length);
        expect(await stores[1]!.prisma.team.count()).toBe(0);
      } finally {
        await Promise.all(stores.splice(0).map((s) => s.close()));
        const s = await db.session();
        await s.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await s.close();
      }
    });
  });
});
