/**
 * Fresh, migrated stores for tests.
 *
 * PGlite: a new in-memory database costs ~7 s here (initdb in WebAssembly), so
 *  - the migrated data directory is dumped once and cached on disk (node_modules/.cache),
 *    keyed by the PGlite version and the migration files; a new instance loads it (~1-2 s);
 *  - a closed store's instance is emptied (TRUNCATE ... RESTART IDENTITY, DISCARD ALL) and
 *    reused by the next createTestStore in the same worker (~50 ms). Each open store still has
 *    an instance of its own; an instance whose schema a test changed is thrown away instead.
 * PostgreSQL: a new schema in the `test` database per store, dropped on close.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openStore, quoteIdent, type StoreHandle } from "../../src/store/client.js";
import {
  DEFAULT_MIGRATIONS_DIR,
  migrate,
  pgliteRunner,
  pgRunner,
  readMigrations,
  type SqlRunner,
} from "../../src/store/migrator.js";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A fresh, migrated store: in-memory PGlite, or a new schema in the test PostgreSQL database. */
export async function createTestStore(kind: "pglite" | "postgres"): Promise<StoreHandle> {
  return kind === "pglite" ? createPgliteStore() : createPostgresStore();
}

let available: Promise<boolean> | undefined;
/**
 * Whether the test PostgreSQL server answers. Under CI it is always true, so a server that is
 * down fails the PostgreSQL suites instead of skipping them.
 */
export function postgresAvailable(): Promise<boolean> {
  if (process.env.CI) return Promise.resolve(true);
  return (available ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })());
}

async function createPostgresStore(): Promise<StoreHandle> {
  const schema = `test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const dropSchema = async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    } finally {
      await client.end();
    }
  };
  let store: StoreHandle;
  try {
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, schema });
  } catch (err) {
    await dropSchema().catch(() => {});
    throw err;
  }
  return {
    ...store,
    async close() {
      await store.close();
      await dropSchema();
    },
  };
}

export interface EmptyDatabase {
  kind: "pglite" | "postgres";
  /** A new, empty schema, first on the search_path of every session. */
  schema: string;
  /** A database session in that schema. PGlite has a single session, so it is always the same one. */
  session(): Promise<SqlRunner & { close(): Promise<void> }>;
  close(): Promise<void>;
}

/** An unmigrated, isolated database, for tests of the migrator itself. */
export async function createEmptyDatabase(kind: "pglite" | "postgres"): Promise<EmptyDatabase> {
  const schema = `empty_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  if (kind === "pglite") {
    const { db, t } = await pgliteInstance();
    await db.exec(`CREATE SCHEMA ${quoteIdent(schema)}; SET search_path TO ${quoteIdent(schema)}`);
    const runner = { ...pgliteRunner(db), close: async () => {} };
    return {
      kind,
      schema,
      session: async () => runner,
      async close() {
        await db.exec(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`).catch(() => {});
        if (await reset(db, t)) idle.push(db);
        else await db.close();
      },
    };
  }
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  return {
    kind,
    schema,
    async session() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${quoteIdent(schema)}` });
      await client.connect();
      return { ...pgRunner(client), close: () => client.end() };
    },
    async close() {
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}

// ---- PGlite -------------------------------------------------------------------------------

interface Template {
  dump: Blob;
  pgliteWasmModule: WebAssembly.Module;
  fsBundle: Blob;
  tables: string[];
  fingerprint: string;
}

const pgliteDist = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
const cacheDir = fileURLToPath(new URL("../../node_modules/.cache/leadbot", import.meta.url));
let template: Promise<Template> | undefined;
const idle: PGlite[] = [];

/** Changes when a test altered the schema (tables, columns, indexes, types) of an instance. */
const FINGERPRINT = `SELECT (SELECT count(*) FROM pg_class) || ':' || (SELECT count(*) FROM pg_attribute)
  || ':' || (SELECT count(*) FROM pg_type) || ':' || (SELECT count(*) FROM pg_enum)
  || ':' || (SELECT count(*) FROM pg_constraint) || ':' || (SELECT count(*) FROM "_prisma_migrations") AS f`;

async function fingerprint(db: PGlite): Promise<string> {
  return (await db.query<{ f: string }>(FINGERPRINT)).rows[0]?.f ?? "";
}

async function loadTemplate(): Promise<Template> {
  const [wasm, data, initdb] = await Promise.all(
    ["pglite.wasm", "pglite.data", "initdb.wasm"].map((f) => readFile(join(pgliteDist, f))),
  );
  const pgliteWasmModule = await WebAssembly.compile(wasm!);
  const fsBundle = new Blob([data!]);

  const hash = createHash("sha256").update(await readFile(join(pgliteDist, "../package.json")));
  for (const m of await readMigrations(DEFAULT_MIGRATIONS_DIR)) hash.update(`${m.name}\0${m.checksum}\0`);
  const file = join(cacheDir, `pglite-${hash.digest("hex").slice(0, 16)}.tar`);

  let dump: Blob;
  try {
    dump = new Blob([await readFile(file)]);
  } catch {
    const db = await PGlite.create({ pgliteWasmModule, fsBundle, initdbWasmModule: await WebAssembly.compile(initdb!) });
    await migrate(pgliteRunner(db));
    dump = await db.dumpDataDir("none");
    await mkdir(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, new Uint8Array(await dump.arrayBuffer()));
    await rename(tmp, file); // atomic: parallel workers never read half a file
    idle.push(db);
  }
  const probe = idle[0] ?? (await PGlite.create({ loadDataDir: dump, pgliteWasmModule, fsBundle }));
  if (!idle.includes(probe)) idle.push(probe);
  const tables = (
    await probe.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables
       WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
    )
  ).rows.map((r) => r.name);
  return { dump, pgliteWasmModule, fsBundle, tables, fingerprint: await fingerprint(probe) };
}

/** A migrated instance of this worker's own: an idle one, or one loaded from the template. */
async function pgliteInstance(): Promise<{ db: PGlite; t: Template }> {
  const t = await (template ??= loadTemplate().catch((err: unknown) => {
    template = undefined;
    throw err;
  }));
  const db =
    idle.pop() ??
    (await PGlite.create({ loadDataDir: t.dump, pgliteWasmModule: t.pgliteWasmModule, fsBundle: t.fsBundle }));
  return { db, t };
}

async function createPgliteStore(): Promise<StoreHandle> {
  const { db, t } = await pgliteInstance();
  const store = await openStore({ pglite: db });
  return {
    ...store,
    async close() {
      await store.close();
      if (await reset(db, t)) idle.push(db);
      else await db.close();
    },
  };
}

/**
 * A migrated PGlite data directory on disk at `dir` (which must not hold a database yet), made
 * from the cached template in 1-3 s instead of initdb's ~10 s. Open it with openStore({ dataDir }).
 */
export async function createDataDir(dir: string): Promise<void> {
  const t = await (template ??= loadTemplate().catch((err: unknown) => {
    template = undefined;
    throw err;
  }));
  const db = await PGlite.create({ dataDir: dir, loadDataDir: t.dump, pgliteWasmModule: t.pgliteWasmModule, fsBundle: t.fsBundle });
  await db.close();
}

/** Empties an instance for reuse; false when it cannot be trusted to equal a fresh one. */
async function reset(db: PGlite, t: Template): Promise<boolean> {
  if (db.closed) return false;
  try {
    await db.exec("DISCARD ALL"); // fails inside an unfinished transaction: then don't reuse
    if ((await fingerprint(db)) !== t.fingerprint) return false;
    if (t.tables.length) await db.exec(`TRUNCATE ${t.tables.join(", ")} RESTART IDENTITY CASCADE`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes the database itself refuse to store a lead named `name` (a trigger raising an
 * error), so tests can see what a use case does when PostgreSQL fails part way, without
 * mocking anything. Affects every team in this store, for that one name only.
 */
export async function refuseLeadsNamed(store: StoreHandle, name: string): Promise<void> {
  const literal = `'${name.replace(/'/g, "''")}'`;
  await store.prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION refuse_test_lead() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.name = ${literal} THEN RAISE EXCEPTION 'test: the database refuses this lead'; END IF;
      RETURN NEW;
    END $$`);
  await store.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS refuse_test_lead ON lead`);
  await store.prisma.$executeRawUnsafe(
    `CREATE TRIGGER refuse_test_lead BEFORE INSERT OR UPDATE ON lead FOR EACH ROW EXECUTE FUNCTION refuse_test_lead()`,
  );
}
