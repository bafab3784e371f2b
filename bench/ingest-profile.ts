/**
 * Where an ingestion batch's time goes, on PostgreSQL: every statement the driver runs (Prisma's
 * and raw) timed by kind, next to the wall time of the batches, sent straight to the service (no HTTP).
 *
 *   npx tsx bench/ingest-profile.ts [--events=10000] [--batch=500] [--mix=typical|alert-heavy] [--detail] [--database-url=postgres://…]
 *
 * `npm run bench` runs it too (profileIngest) and prints the split as an unjudged row.
 *
 * Statement times run from issue to the driver's answer, so they include waiting behind the
 * connection's previous statement; the "between statements" line is what Node spends on its
 * own (validation, scoring, Prisma's engine) while a batch's transaction is open.
 *
 * Last, the same rows are inserted as bench/ingest.ts's raw-INSERT baseline, and the batch's
 * time is split into what storing it costs (finding and creating leads, inserting the events,
 * the transactions' BEGIN and COMMIT), what re-scoring it costs (locking, loading and writing
 * the leads' scores, snapshots and alerts) and Node's own time, each as a multiple of the
 * baseline: the floor any ingestion that stores the same rows stands on.
 */
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { systemClock } from "../src/services/clock.js";
import { ingestEvents } from "../src/services/ingest.service.js";
import { createTeam } from "../src/services/team.service.js";
import { openStore } from "../src/store/client.js";
import { setTeamChannel } from "../src/store/team.repository.js";
import { checkpoint, dropSchema, generateEvents, insertBaseline, type Mix } from "./ingest.js";
import type { ResultRow } from "./report.js";
import { statementKind, type StatementStats } from "./sql-profile.js";

/** The statements of re-scoring a batch: the leads' lock, the load (with its purchase dates) and the write. */
const RESCORE = /FOR NO KEY UPDATE|^\s*WITH (advanced|updated) AS/;

/** Statement timings while `active` (see the file comment); one at a time, as the hook is global. */
class StatementTimer {
  readonly stats = new Map<string, StatementStats>();
  statementMs = 0;
  rescoreMs = 0;
  active = false;

  constructor(private readonly detail: boolean) {}

  record(text: string, elapsed: number, rows: number): void {
    const kind = /^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(text)
      ? text.trim().split(/\s/)[0]!.toUpperCase()
      : this.detail
        ? text.replace(/"[^"]*"\./g, "").replace(/\s+/g, " ").trim().slice(0, 100)
        : prismaKind(text);
    const entry = this.stats.get(kind) ?? { kind, calls: 0, ms: 0, rows: 0 };
    entry.calls += 1;
    entry.ms += elapsed;
    entry.rows += rows;
    this.stats.set(kind, entry);
    this.statementMs += elapsed;
    if (RESCORE.test(text)) this.rescoreMs += elapsed;
  }
}

type Query = (...args: unknown[]) => unknown;
let timer: StatementTimer | null = null;
let hooked = false;
/** Every statement, Prisma's included, goes through pg.Client#query. */
function hookQueries(): void {
  if (hooked) return;
  hooked = true;
  const original = pg.Client.prototype.query as unknown as Query;
  (pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "");
    const result = original.apply(this, args);
    const current = timer;
    if (!current?.active || !(result instanceof Promise)) return result;
    const start = performance.now();
    return result.then((res: { rows?: unknown[] }) => {
      current.record(text, performance.now() - start, res?.rows?.length ?? 0);
      return res;
    });
  };
}

/** Prisma qualifies and quotes its identifiers: `SELECT "s"."lead"."id" … FROM "s"."lead"` becomes "SELECT lead (prisma)". */
function prismaKind(text: string): string {
  if (!/"[^"]*"\."[^"]*"/.test(text)) return statementKind(text);
  const unquoted = text.replace(/"[^"]*"\."([^"]*)"/g, "$1").replace(/"/g, "");
  return `${statementKind(unquoted)} (prisma)`;
}

export interface IngestProfileOptions {
  databaseUrl: string;
  events?: number;
  batchSize?: number;
  mix?: Mix;
  /** Statements by their opening text rather than by verb and table. */
  detail?: boolean;
}

export interface IngestProfile {
  batches: number;
  events: number;
  /** Per batch, in ms. */
  wall: number;
  storing: number;
  rescoring: number;
  node: number;
  baseline: number;
  statements: StatementStats[];
  load: number;
}

/** One client's batches straight through the service (no HTTP), statement by statement, then the baseline. */
export async function profileIngest(opts: IngestProfileOptions): Promise<IngestProfile> {
  const total = opts.events ?? 10_000;
  const batchSize = opts.batchSize ?? 500;
  const schema = `bench_profile_${Date.now()}`;
  hookQueries();
  const store = await openStore({ databaseUrl: opts.databaseUrl, schema });
  try {
    const deps = { store: store.store, clock: systemClock };
    const teamId = await store.store.transaction((tx) => createTeam(tx, "Profile", "UTC"));
    await setTeamChannel(store.store.db, teamId, "slack", "C-PROFILE");
    const warm = await store.store.transaction((tx) => createTeam(tx, "Warm-up", "UTC"));
    for (let i = 0; i < 4; i++) await ingestEvents(deps, warm, generateEvents(batchSize, new Date(), 7 + i).map((e) => ({ ...e, id: `${i}-${e.id}` })));

    const events = generateEvents(total, new Date(), 42, opts.mix ?? "typical");
    await checkpoint(store.sql, (message) => process.stderr.write(`${message}\n`));
    const leadIds: number[] = [];
    const load = loadavg()[0]!;
    const current = new StatementTimer(opts.detail ?? false);
    timer = current;
    current.active = true;
    const started = performance.now();
    for (let i = 0; i < events.length; i += batchSize) {
      const result = await ingestEvents(deps, teamId, events.slice(i, i + batchSize));
      if (result.accepted !== Math.min(batchSize, events.length - i)) throw new Error(`batch at ${i}: ${JSON.stringify(result).slice(0, 300)}`);
      for (const [j, r] of result.results.entries()) leadIds[i + j] = r.leadId!;
    }
    const wall = performance.now() - started;
    current.active = false;
    timer = null;

    await checkpoint(store.sql, (message) => process.stderr.write(`${message}\n`));
    const baseStarted = performance.now();
    await insertBaseline(store.sql, teamId, events, leadIds, batchSize, 1);
    const n = Math.ceil(events.length / batchSize);
    return {
      batches: n,
      events: events.length,
      wall: wall / n,
      storing: (current.statementMs - current.rescoreMs) / n,
      rescoring: current.rescoreMs / n,
      node: (wall - current.statementMs) / n,
      baseline: (performance.now() - baseStarted) / n,
      statements: [...current.stats.values()].map((s) => ({ ...s, calls: s.calls / n, ms: s.ms / n, rows: s.rows / n })).sort((a, b) => b.ms - a.ms),
      load,
    };
  } finally {
    await store.close();
    await dropSchema(opts.databaseUrl, schema);
  }
}

/** The split as one unjudged table row: what a batch costs beyond the baseline, and where. */
export function profileRow(p: IngestProfile, mix: Mix): ResultRow {
  const times = (v: number) => `${(v / p.baseline).toFixed(2)}×`;
  return {
    backend: "postgres",
    size: `${p.events.toLocaleString("en-US")} events, ${Math.round(p.events / p.batches)}/batch, 1 client, ${mix}, no HTTP`,
    metric: "ingest batch split vs raw INSERT: storing / re-scoring / Node",
    value: `${times(p.storing)} / ${times(p.rescoring)} / ${times(p.node)}`,
    baseline: `${p.baseline.toFixed(1)} ms/batch`,
    ratio: times(p.wall),
    load: p.load,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const argv = process.argv.slice(2);
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=").slice(1).join("=");
  const mix = (value("mix") ?? "typical") as Mix;
  const detail = argv.includes("--detail");
  const p = await profileIngest({
    databaseUrl: value("database-url") ?? process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    events: Number(value("events") ?? 10_000),
    batchSize: Number(value("batch") ?? 500),
    mix,
    detail,
  });
  const fmt = (v: number) => v.toFixed(1).padStart(8);
  const statementMs = p.storing + p.rescoring;
  console.log(`\n${mix}: ${p.events} events in ${p.batches} batches, ${Math.round((p.events / (p.wall * p.batches)) * 1000)} events/s without HTTP`);
  console.log(`per batch: wall ${fmt(p.wall)} ms, in statements ${fmt(statementMs)} ms, between statements ${fmt(p.node)} ms\n`);
  console.log(`${"statement".padEnd(34)} ${"calls/batch".padStart(11)} ${"ms/batch".padStart(8)} ${"rows/batch".padStart(10)}`);
  for (const s of p.statements) console.log(`${s.kind.padEnd(detail ? 100 : 34)} ${s.calls.toFixed(1).padStart(11)} ${fmt(s.ms)} ${s.rows.toFixed(0).padStart(10)}`);
  console.log(`round trips per batch: ${p.statements.reduce((sum, s) => sum + s.calls, 0).toFixed(1)}`);
  const share = (v: number) => `${fmt(v)} ms ${(v / p.baseline).toFixed(2).padStart(6)}×`;
  console.log(`\nper batch, as a multiple of the raw-INSERT baseline (${p.baseline.toFixed(1)} ms a batch of the same rows):`);
  console.log(`  storing (leads found and created, events inserted, BEGIN/COMMIT) ${share(p.storing)}`);
  console.log(`  re-scoring (lock, load, scores, snapshots, alerts)               ${share(p.rescoring)}`);
  console.log(`  Node between statements (validation, scoring, messages)          ${share(p.node)}`);
  console.log(`  the whole batch, without HTTP                                    ${share(p.wall)}`);
}
