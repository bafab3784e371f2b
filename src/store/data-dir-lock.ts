/**
 * One owner for the embedded database's directory. PGlite is PostgreSQL running inside one
 * process with no server to arbitrate: two processes opening the same DATA_DIR each keep their
 * own buffers and index pages and overwrite each other's files, which loses writes and leaves
 * indexes that disagree with their tables. So the process that opens DATA_DIR locks it first.
 *
 * The lock is proper-lockfile's: a directory created atomically (mkdir) inside DATA_DIR whose
 * mtime the owner refreshes every few seconds. Beside it a small JSON file names the owner
 * (pid, host, command, since), for the refusal message and for this rule: a lock whose owner
 * still runs on this machine is never taken over, however old its mtime. PGlite runs in
 * WebAssembly on the owner's main thread, so its initdb or a long query can hold up the
 * refresh for longer than any sensible stale time; taking over then would be exactly the
 * damage the lock exists to prevent. A lock whose owner is gone (SIGKILL, a crash) is taken
 * over once its mtime is `staleMs` old, as is one held from another host (a shared disk).
 */
import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import lockfile from "proper-lockfile";

/** Who holds a data directory, as recorded by the process that locked it. */
export interface DataDirOwner {
  pid: number;
  host: string;
  /** The script it runs, relative to its working directory ("src/main.ts"). */
  command: string;
  /** ISO time at which it took the lock. */
  since: string;
}

/** Another process holds DATA_DIR. The message is one line, meant to be shown as it is. */
export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  readonly code = "data_dir_locked";
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner | null,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by ${describeOwner(owner)}. Only one process can open it: ` +
        `stop the bot first, or set DATABASE_URL to a PostgreSQL server to run several processes.`,
    );
  }
}

export interface DataDirLock {
  /** Gives the directory up (idempotent). Call after closing the database. */
  release(): Promise<void>;
}

export interface LockDataDirOptions {
  /** A lock not refreshed for this long is stale (proper-lockfile's `stale`, at least 2 s). */
  staleMs?: number;
  /**
   * Called if the lock is lost while held: its directory was removed, or another process took
   * it over after this one stopped refreshing it for longer than `staleMs`. Default: throw.
   */
  onLost?: (error: Error) => void;
}

export const DEFAULT_LOCK_STALE_MS = 10_000;
const LOCK_NAME = "leadbot.lock";
const OWNER_NAME = "leadbot.lock.json";

/** Directories this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

/**
 * Locks `dataDir` (created if missing) for this process, or throws DataDirLockedError naming
 * the owner. Waits up to `staleMs` only for a lock whose owner is not known to be running.
 */
export async function lockDataDir(dataDir: string, opts: LockDataDirOptions = {}): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  const staleMs = Math.max(opts.staleMs ?? DEFAULT_LOCK_STALE_MS, 2000);
  await mkdir(dir, { recursive: true });
  const ownerFile = join(dir, OWNER_NAME);
  const attempt = () =>
    lockfile.lock(dir, {
      lockfilePath: join(dir, LOCK_NAME),
      realpath: false,
      stale: staleMs,
      onCompromised: (error) => {
        heldHere.delete(dir);
        (opts.onLost ?? rethrow)(error);
      },
    });

  const deadline = Date.now() + staleMs + 1000;
  let unlock: () => Promise<void>;
  for (;;) {
    const owner = await readOwner(ownerFile);
    if (owner && runsHere(owner, dir)) throw new DataDirLockedError(dir, owner);
    try {
      unlock = await attempt();
      break;
    } catch (error) {
      if (!isLocked(error)) throw error;
    }
    // A fresh lock held from another host: refuse. Otherwise its owner is gone (killed, so it
    // never released it), or has not written its name yet: wait for it to go stale, or to be named.
    if (Date.now() >= deadline || (owner && owner.host !== hostname())) throw new DataDirLockedError(dir, await readOwner(ownerFile));
    await sleep(250);
  }
  heldHere.add(dir);
  try {
    await writeOwner(ownerFile);
  } catch (error) {
    heldHere.delete(dir);
    await unlock().catch(() => {});
    throw error;
  }

  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(dir);
      // The owner file first: once the lock is gone, the file may already be the next owner's.
      await rm(ownerFile, { force: true });
      await unlock().catch((error: unknown) => {
        if ((error as { code?: string }).code !== "ERELEASED") throw error;
      });
    },
  };
}

const rethrow = (error: Error) => {
  throw error;
};

const isLocked = (error: unknown) => (error as { code?: string }).code === "ELOCKED";

function describeOwner(owner: DataDirOwner | null): string {
  if (!owner) return "another process";
  const where = owner.host === hostname() ? "on this machine" : `on ${owner.host}`;
  const since = owner.since.replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return `${owner.command || "another process"} (pid ${owner.pid} ${where}, since ${since})`;
}

/** Whether the recorded owner is a process running on this machine. */
function runsHere(owner: DataDirOwner, dir: string): boolean {
  if (owner.host !== hostname()) return false;
  // Our own pid: a previous run with the same pid (a restarted container), unless we hold it.
  if (owner.pid === process.pid) return heldHere.has(dir);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as { code?: string }).code === "ESRCH") return false; // EPERM: it runs, as another user
  }
  // Where /proc tells, a pid now used by some other program (after a reboot) is not the owner.
  try {
    const args = readFileSync(`/proc/${owner.pid}/cmdline`, "utf8").split("\0");
    return !owner.command || args.some((a) => a.endsWith(basename(owner.command)));
  } catch {
    return true;
  }
}

async function readOwner(file: string): Promise<DataDirOwner | null> {
  try {
    const value = JSON.parse(await readFile(file, "utf8")) as Partial<DataDirOwner>;
    if (typeof value.pid !== "number" || typeof value.host !== "string") return null;
    return { pid: value.pid, host: value.host, command: String(value.command ?? ""), since: String(value.since ?? "") };
  } catch {
    return null; // none yet (the owner is between locking and writing it), or unreadable
  }
}

async function writeOwner(file: string): Promise<void> {
  const owner: DataDirOwner = {
    pid: process.pid,
    host: hostname(),
    command: process.argv[1] ? relative(process.cwd(), process.argv[1]) : "",
    since: new Date().toISOString(),
  };
  // Atomic, so a process reading it never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(owner)}\n`);
  await rename(tmp, file);
}
