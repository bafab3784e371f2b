/** Percentiles, durations and the markdown table the benchmark prints. */
import { readFileSync } from "node:fs";

/**
 * The Node flags `npm start` runs the bot with (package.json), and whether this process has
 * them: the in-process measurements stand for the bot only when it does.
 */
export function nodeFlags(): string {
  const start = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } }).scripts.start;
  const wanted = start.split(/\s+/).filter((word) => word.startsWith("--") && word !== "--import");
  const missing = wanted.filter((flag) => !process.execArgv.includes(flag));
  return missing.length === 0
    ? `Node flags as npm start: ${wanted.join(" ") || "none"}`
    : `without npm start's Node flags ${missing.join(" ")} (run as \`node --import tsx ${wanted.join(" ")} bench/<file>.ts\` to measure the bot as it runs)`;
}

/** Nearest-rank percentile (p in 0..100) of samples, in the samples' unit. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return "—";
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  return `${value.toFixed(value >= 10 ? 1 : 2)} ms`;
}

export function count(value: number): string {
  return value >= 1_000_000 && value % 1_000_000 === 0
    ? `${value / 1_000_000}M`
    : value >= 1000 && value % 1000 === 0
      ? `${value / 1000}k`
      : String(value);
}

export interface ResultRow {
  backend: string;
  size: string;
  metric: string;
  value: string;
  baseline?: string;
  ratio?: string;
  target?: string;
  /** undefined: informational, no target. */
  pass?: boolean;
  /** The 1-minute load average when the row was measured (the machine may be shared). */
  load?: number;
}

export function markdownTable(rows: readonly ResultRow[]): string {
  const header = ["backend", "data size", "metric", "value", "baseline", "ratio", "target", "pass/fail", "load"];
  const lines = rows.map((r) => [
    r.backend,
    r.size,
    r.metric,
    r.value,
    r.baseline ?? "—",
    r.ratio ?? "—",
    r.target ?? "—",
    r.pass === undefined ? "—" : r.pass ? "PASS" : "FAIL",
    r.load === undefined ? "—" : r.load.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [fmt(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...lines.map(fmt)].join("\n");
}
