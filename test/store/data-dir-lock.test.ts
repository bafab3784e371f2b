import { spawn } from "node:child_process";
import { existsSync, utimesSync } from "node:fs";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openStore, type StoreHandle } from "../../src/store/client.js";
import { DataDirLockedError } from "../../src/store/data-dir-lock.js";
import { createDataDir } from "../support/db.js";

const LOCK_DIR = "leadbot.lock";

let cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  cleanups = [];
});

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "leadbot-lock-base-"));
  await createDataDir(base);
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** A migrated embedded database in a new directory (a copy of one made once), removed after the test. */
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "leadbot-lock-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(base, dir, { recursive: true });
  return dir;
}

async function open(dir: string, lockStaleMs?: number): Promise<StoreHandle> {
  const store = await openStore({ dataDir: dir, ...(lockStaleMs ? { lockStaleMs } : {}) });
  cleanups.push(() => store.close());
  return store;
}

/** Runs a TypeScript file as its own process, with DATA_DIR set and no DATABASE_URL. */
function run(dir: string, args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited, output: () => stdout };
}

const teams = async (store: StoreHandle) => (await store.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM team"))[0]?.n;

describe("the embedded database's data directory has one owner", () => {
  it("refuses a second process with one line naming the owner, and leaves the store usable", async () => {
    const dir = await dataDir();
    const store = await open(dir);
    await store.sql.query(`INSERT INTO team (name, tiers) VALUES ('Held', '[]')`);

    const second = await run(dir, ["scripts/api-key.ts", "create", "1", "from a shell"]).exited;
    expect(second.code).not.toBe(0);
    expect(second.stdout).toBe(""); // no key printed
    const lines = second.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`in use by .*\\(pid ${process.pid} on this machine, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)`));
    expect(lines[0]).toMatch(/stop the bot first, or set DATABASE_URL to a PostgreSQL server to run several processes/);
    expect(second.stderr).not.toMatch(/\n\s+at |Error:/);

    // The holder carries on, and after it closes (releasing the lock) the next open sees its data.
    expect(await teams(store)).toBe(1);
    await store.sql.query(`INSERT INTO team (name, tiers) VALUES ('Still writable', '[]')`);
    await store.close();
    expect(existsSync(join(dir, LOCK_DIR))).toBe(false);
    const reopened = await open(dir);
    expect(await teams(reopened)).toBe(2);
    expect(await reopened.sql.query("SELECT id FROM api_key")).toEqual([]);
  }, 30_000);

  it("takes over the lock of a process killed while it held the store", async () => {
    const dir = await dataDir();
    const holder = run(dir, ["test/store/fixtures/hold-data-dir.ts"]);
    cleanups.push(async () => {
      holder.child.kill("SIGKILL");
      await holder.exited;
    });
    await expect.poll(holder.output, { timeout: 15_000, interval: 50 }).toContain("open");
    expect(existsSync(join(dir, LOCK_DIR))).toBe(true);
    holder.child.kill("SIGKILL");
    expect((await holder.exited).signal).toBe("SIGKILL");
    expect(existsSync(join(dir, LOCK_DIR))).toBe(true); // nobody released it

    const started = Date.now();
    const store = await open(dir, 2000);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(await teams(store)).toBe(0);
    const owner = JSON.parse(await readFile(join(dir, `${LOCK_DIR}.json`), "utf8")) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    // Now this process is the owner: another open is refused, here in the same process too.
    const error = await openStore({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(`pid ${process.pid}`);
  }, 30_000);

  it("never takes over from an owner that still runs, however old its lock looks", async () => {
    // PGlite's initdb or a long query blocks its owner's event loop, and so the lock's refresh.
    const dir = await dataDir();
    const holder = run(dir, ["test/store/fixtures/hold-data-dir.ts"]);
    cleanups.push(async () => {
      holder.child.kill("SIGKILL");
      await holder.exited;
    });
    await expect.poll(holder.output, { timeout: 15_000, interval: 50 }).toContain("open");
    holder.child.kill("SIGSTOP");
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(join(dir, LOCK_DIR), minuteAgo, minuteAgo);

    const error = await openStore({ dataDir: dir, lockStaleMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toMatch(new RegExp(`hold-data-dir\\.ts \\(pid ${holder.child.pid} on this machine`));
  }, 30_000);
});
