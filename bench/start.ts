/**
 * How long `npm start` takes to show the terminal chat's first prompt, on the embedded database:
 * cold (a new DATA_DIR: the database is created, migrated and the demo team seeded) and warm
 * (the same DATA_DIR again). The bot runs in a pseudo-terminal (util-linux `script`), as someone
 * starting it by hand sees it, and is stopped by typing `exit`.
 *
 *   npx tsx bench/start.ts [--runs=3]
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { markdownTable, ms, type ResultRow } from "./report.js";

export const START_TARGET_MS = 5_000;
const PROMPT = "lead-bot> ";
const GIVE_UP_MS = 120_000;

export interface StartRun {
  /** From spawning `npm start` to the prompt on the terminal. */
  ms: number;
  /**
   * CPU seconds (user + system) of `npm start` and its children, from start to exit: unlike the
   * time to the prompt, barely moved by what else the machine runs.
   */
  cpuMs: number | null;
  load: number;
}

/** One start in `dataDir`: milliseconds to the first prompt. */
export async function timeStart(dataDir: string, cwd = process.cwd()): Promise<StartRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", CONSOLE: "on", EXPORT_DIR: join(dataDir, "exports") };
  // The embedded database and no chat service: what `npm ci && npm start` gives.
  for (const name of ["DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "TELEGRAM_BOT_TOKEN", "METRICS_PORT"]) delete env[name];
  const load = loadavg()[0]!;
  const started = performance.now();
  // /usr/bin/time reports the CPU it took, on the terminal after the bot exits.
  const child = spawn("script", ["-qfec", "/usr/bin/time -f 'CPU-SECONDS %U %S' npm start --silent", "/dev/null"], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  return new Promise<StartRun>((resolve, reject) => {
    let seen = "";
    let prompted: number | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no prompt after ${GIVE_UP_MS} ms: ${seen.slice(-500)}`));
    }, GIVE_UP_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      if (prompted === undefined && seen.includes(PROMPT)) {
        prompted = performance.now() - started;
        child.stdin.write("exit\n");
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const cpu = /CPU-SECONDS ([\d.]+) ([\d.]+)/.exec(seen);
      if (prompted === undefined) reject(new Error(`npm start exited (${code}) before its prompt: ${seen.slice(-500)}`));
      else resolve({ ms: prompted, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null, load });
    });
  });
}

/** Cold start once, then `runs` warm starts on the same DATA_DIR; the best warm start is judged. */
export async function runStartBench(options: { runs?: number; log?: (message: string) => void } = {}): Promise<ResultRow[]> {
  const say = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dir = await mkdtemp(join(tmpdir(), "leadbot-start-"));
  try {
    say(`\n## npm start to the first prompt (DATA_DIR ${dir})`);
    const cpu = (run: StartRun) => (run.cpuMs === null ? "" : `, CPU ${ms(run.cpuMs)} to exit`);
    const cold = await timeStart(join(dir, "data"));
    say(`  cold (new DATA_DIR): ${ms(cold.ms)}${cpu(cold)}, load ${cold.load.toFixed(1)}`);
    const warm: StartRun[] = [];
    for (let i = 0; i < Math.max(1, options.runs ?? 3); i++) {
      warm.push(await timeStart(join(dir, "data")));
      say(`  warm: ${ms(warm.at(-1)!.ms)}${cpu(warm.at(-1)!)}, load ${warm.at(-1)!.load.toFixed(1)}`);
    }
    const best = warm.reduce((a, b) => (b.ms < a.ms ? b : a));
    const size = "embedded database, demo team";
    return [
      { backend: "start", size, metric: `npm start to the first prompt, cold (new DATA_DIR${cpu(cold)})`, value: ms(cold.ms), load: cold.load },
      {
        backend: "start",
        size,
        metric: `npm start to the first prompt, warm (best of ${warm.length}: ${warm.map((w) => ms(w.ms)).join(", ")}${cpu(best)})`,
        value: ms(best.ms),
        target: `≤ ${ms(START_TARGET_MS)}`,
        pass: best.ms <= START_TARGET_MS,
        load: best.load,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = process.argv.find((a) => a.startsWith("--runs="))?.split("=")[1];
  runStartBench({ runs: runs ? Number(runs) : undefined }).then(
    (rows) => console.log(`\n${markdownTable(rows)}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
