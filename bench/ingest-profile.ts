/**
 * Where an ingestion batch's time goes, on PostgreSQL: every statement the driver runs (Prisma's
 * and raw) timed by kind, next to the wall time of the batches and of the HTTP round trip.
 *
 *   npx tsx bench/ingest-profile.ts [--events=10000] [--batch=500] [--mix=typical|alert-heavy] [--detail] [--database-url=postgres://…]
 *
 * Statement times run from issue to the driver's answer, so they include waiting behind the
 * connection's previous statement; the "between statements" line is what Node spends on its
 * own (validation, scoring, Prisma's engine) while a batch's transaction is open.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { systemClock } from "../src/services/clock.js";
import { ingestEvents } from "../src/services/ingest.service.js";
import { createTeam } from "../src/services/team.service.js";
import { openStore } from "../src/store/client.js";
import { setTeamChannel } from "../src/store/team.repository.js";
import { dropSchema, generateEvents, type Mix } from "./ingest.js";
import { statementKind, type StatementStats } from "./sql-profile.js";

const argv = process.argv.slice(2);
const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=").slice(1).join("=");
const total = Number(value("events") ?? 10_000);
const batchSize = Number(value("batch") ?? 500);
const mix = (value("mix") ?? "typical") as Mix;
/** Statements by their opening text rather than by verb and table. */
const detail = argv.includes("--detail");
const databaseUrl = value("database-url") ?? process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const stats = new Map<string, StatementStats>();
let profiling = false;
let statementMs = 0;
type Query = (...args: unknown[]) => unknown;
const original = pg.Client.prototype.query as unknown as Query;
// Every statement, Prisma's included, goes through pg.Client#query.
(pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0];
  const text = typeof first === "string" ? first : ((first as { text?: string } | undefined)?.text ?? "");
  const result = original.apply(this, args);
  if (!profiling || !(result instanceof Promise)) return result;
  const start = performance.now();
  return result.then((res: { rows?: unknown[] }) => {
    const elapsed = performance.now() - start;
    const kind = /^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(text)
      ? text.trim().split(/\s/)[0]!.toUpperCase()
      : detail
        ? text.replace(/"[^"]*"\./g, "").replace(/\s+/g, " ").trim().slice(0, 100)
        : prismaKind(text);
    const entry = stats.get(kind) ?? { kind, calls: 0, ms: 0, rows: 0 };
    entry.calls += 1;
    entry.ms += elapsed;
    entry.rows += res?.rows?.length ?? 0;
    stats.set(kind, entry);
    statementMs += elapsed;
    return res;
  });
};

/** Prisma qualifies and quotes its identifiers: `SELECT "s"."lead"."id" … FROM "s"."lead"` becomes "SELECT lead (prisma)". */
function prismaKind(text: string): string {
  if (!/"[^"]*"\."[^"]*"/.test(text)) return statementKind(text);
  const unquoted = text.replace(/"[^"]*"\."([^"]*)"/g, "$1").replace(/"/g, "");
  return `${statementKind(unquoted)} (prisma)`;
}

const schema = `bench_profile_${Date.now()}`;
const store = await openStore({ databaseUrl, schema });
try {
  const deps = { store: store.store, clock: systemClock };
  const teamId = await store.store.transaction((tx) => createTeam(tx, "Profile", "UTC"));
  await setTeamChannel(store.store.db, teamId, "slack", "C-PROFILE");
  const warm = await store.store.transaction((tx) => createTeam(tx, "Warm-up", "UTC"));
  for (let i = 0; i < 4; i++) await ingestEvents(deps, warm, generateEvents(batchSize, new Date(), 7 + i).map((e) => ({ ...e, id: `${i}-${e.id}` })));

  const events = generateEvents(total, new Date(), 42, mix);
  const batches: number[] = [];
  profiling = true;
  const started = performance.now();
  for (let i = 0; i < events.length; i += batchSize) {
    const t0 = performance.now();
    const result = await ingestEvents(deps, teamId, events.slice(i, i + batchSize));
    if (result.accepted !== Math.min(batchSize, events.length - i)) throw new Error(`batch at ${i}: ${JSON.stringify(result).slice(0, 300)}`);
    batches.push(performance.now() - t0);
  }
  const wall = performance.now() - started;
  profiling = false;

  const n = batches.length;
  const fmt = (v: number) => v.toFixed(1).padStart(8);
  console.log(`\n${mix}: ${total} events in ${n} batches of ${batchSize}, ${Math.round((total / wall) * 1000)} events/s without HTTP`);
  console.log(`per batch: wall ${fmt(wall / n)} ms, in statements ${fmt(statementMs / n)} ms, between statements ${fmt((wall - statementMs) / n)} ms\n`);
  console.log(`${"statement".padEnd(34)} ${"calls/batch".padStart(11)} ${"ms/batch".padStart(8)} ${"rows/batch".padStart(10)}`);
  for (const s of [...stats.values()].sort((a, b) => b.ms - a.ms)) {
    console.log(`${s.kind.padEnd(detail ? 100 : 34)} ${(s.calls / n).toFixed(1).padStart(11)} ${fmt(s.ms / n)} ${(s.rows / n).toFixed(0).padStart(10)}`);
  }
  console.log(`round trips per batch: ${([...stats.values()].reduce((s, e) => s + e.calls, 0) / n).toFixed(1)}`);
} finally {
  await store.close();
  await dropSchema(databaseUrl, schema);
}
