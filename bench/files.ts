/**
 * Reading lead files: time and peak memory for worst-case files (issue 10) next to normal
 * 10,000-row files, in the same run.
 *
 *   npx tsx bench/files.ts [--runs=3]
 *
 * Each measurement runs in a fresh child process (so one file's garbage or peak cannot hide in
 * another's): it reads a small file first (modules loaded, code warm), then reads the file with
 * readLeadFile (what /lead import and POST /api/v1/leads/import do before storing anything),
 * and reports the time, the peak resident memory above the idle process (the kernel's
 * high-water mark, reset just before: short spikes count), and the longest the event loop was
 * blocked meanwhile (what /healthz would have waited). Time is the median of the runs, memory
 * and blocking the worst.
 *
 * Target: each worst case within 2x of the normal file's time (CSV cases against the normal
 * CSV, XLSX against the normal XLSX) and at most 200 MB above the idle process.
 */
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readLeadFile } from "../src/services/lead-file.js";
import { fileProblemText } from "../src/views/lead-file.view.js";
import { blankLinesCsv, normalCsv, normalXlsx, peakRssAbove, singleLineCsv, sparseXlsx, wideCsv, xlsx } from "../test/import-export/worst-files.js";
import { markdownTable, ms, type ResultRow } from "./report.js";

const MB = 1_048_576;
const TIME_RATIO = 2;
const MEMORY_MB = 200;

interface FileCase {
  name: string;
  /** What it is, for the table's size column. */
  size: string;
  filename: string;
  make: () => Uint8Array | Promise<Uint8Array>;
  /** The normal file it is compared with; none for the normal files themselves. */
  versus?: string;
}

const CASES: FileCase[] = [
  { name: "normal CSV", size: "10,000 rows × 10 columns", filename: "normal.csv", make: () => normalCsv(10_000) },
  { name: "normal XLSX", size: "10,000 rows × 10 columns", filename: "normal.xlsx", make: () => normalXlsx(10_000) },
  { name: "5 MB of blank lines", size: "header + 5 MB of \\n", filename: "blank.csv", make: () => blankLinesCsv(5 * MB), versus: "normal CSV" },
  { name: "5 MB single-line CSV", size: "2.6M fields, no line break", filename: "one-line.csv", make: () => singleLineCsv(5 * MB), versus: "normal CSV" },
  { name: "10,000-column CSV", size: "5 MB, ~260 rows", filename: "wide.csv", make: () => wideCsv(10_000, 5 * MB), versus: "normal CSV" },
  { name: "sparse XLSX (value in XFD)", size: "2,000 rows", filename: "sparse.xlsx", make: () => sparseXlsx(2_000), versus: "normal XLSX" },
  { name: "tall XLSX", size: "550,000 rows, 48 MB of XML", filename: "tall.xlsx", make: () => tallXlsx(550_000), versus: "normal XLSX" },
];

/** A sheet with many more rows than an import takes, as large as the zip-bomb guard lets through. */
function tallXlsx(rows: number): Uint8Array {
  return xlsx([{ 1: "email" }, ...Array.from({ length: rows }, (_, i) => ({ 1: `tall${i}@example.com` }))]);
}

interface Measurement {
  ms: number;
  peakMb: number;
  maxBlockMs: number;
  answer: string;
}

/** In the child: warm up, then read one file and report. */
async function measureInChild(path: string, filename: string): Promise<Measurement> {
  await readLeadFile({ filename: "warm.csv", data: normalCsv(50) });
  await readLeadFile({ filename: "warm.xlsx", data: sparseXlsx(50) });
  const data = new Uint8Array(readFileSync(path));
  // The longest gap between ticks of a 1 ms timer, the last one after the read included.
  let maxBlockMs = 0;
  let tick = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxBlockMs = Math.max(maxBlockMs, now - tick);
    tick = now;
  }, 1);
  const started = performance.now();
  const { value: read, peakBytes } = await peakRssAbove(() => readLeadFile({ filename, data }, { maxRows: 10_000, maxBytes: 6 * MB }));
  const elapsed = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(timer);
  const answer = read.ok ? `${read.rows.length + read.problems.length} rows${read.notes.length > 0 ? ", columns note" : ""}` : `refused: ${fileProblemText(read.problem).slice(0, 60)}…`;
  return { ms: elapsed, peakMb: peakBytes / MB, maxBlockMs, answer };
}

function runChild(path: string, filename: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    // The child inherits this process's loader flags (tsx), so it runs this file as TypeScript.
    const child = fork(fileURLToPath(import.meta.url), ["--child", path, filename], { stdio: ["ignore", "pipe", "inherit", "ipc"] });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`reading ${filename} in a child process exited with ${code}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as Measurement);
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export interface FilesBenchOptions {
  /** Fresh processes per file (default 3). */
  runs?: number;
  log?: (message: string) => void;
}

export async function runFilesBench(options: FilesBenchOptions = {}): Promise<ResultRow[]> {
  const runs = options.runs ?? 3;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const dir = mkdtempSync(join(tmpdir(), "leadbot-bench-files-"));
  const results = new Map<string, Measurement & { bytes: number }>();
  try {
    for (const c of CASES) {
      const data = await c.make();
      const path = join(dir, c.filename);
      writeFileSync(path, data);
      const measured: Measurement[] = [];
      for (let run = 0; run < runs; run++) measured.push(await runChild(path, c.filename));
      const result = {
        ms: median(measured.map((m) => m.ms)),
        peakMb: Math.max(...measured.map((m) => m.peakMb)),
        maxBlockMs: Math.max(...measured.map((m) => m.maxBlockMs)),
        answer: measured[0]!.answer,
        bytes: data.length,
      };
      results.set(c.name, result);
      log(`  files: ${c.name}: ${ms(result.ms)}, +${result.peakMb.toFixed(0)} MB, event loop blocked ≤ ${ms(result.maxBlockMs)} (${result.answer})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return CASES.map((c): ResultRow => {
    const r = results.get(c.name)!;
    const base = c.versus ? results.get(c.versus)! : undefined;
    const size = `${c.size}, ${r.bytes >= MB ? `${(r.bytes / MB).toFixed(1)} MB` : `${Math.round(r.bytes / 1024)} KB`} file`;
    const value = `${ms(r.ms)}, +${r.peakMb.toFixed(0)} MB, loop ≤ ${ms(r.maxBlockMs)}`;
    if (!base) return { backend: "files", size, metric: `read ${c.name}`, value };
    const ratio = r.ms / base.ms;
    return {
      backend: "files",
      size,
      metric: `read ${c.name}`,
      value,
      baseline: `${c.versus} ${ms(base.ms)}`,
      ratio: `${ratio.toFixed(2)}x`,
      target: `≤ ${TIME_RATIO}x, ≤ ${MEMORY_MB} MB`,
      pass: ratio <= TIME_RATIO && r.peakMb <= MEMORY_MB,
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child") {
    measureInChild(argv[1]!, argv[2]!).then(
      (m) => console.log(JSON.stringify(m)),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  } else {
    const runs = argv.find((a) => a.startsWith("--runs="))?.split("=")[1];
    runFilesBench({ runs: runs ? Number.parseInt(runs, 10) : undefined }).then(
      (rows) => {
        console.log(`\n# Reading lead files — ${new Date().toISOString()}, node ${process.version}\n`);
        console.log(markdownTable(rows));
        console.log("\nvalue: median time of fresh processes, their worst peak RSS above the idle process, and the longest event-loop block (what /healthz waits).");
        if (rows.some((r) => r.pass === false)) process.exitCode = 1;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  }
}
