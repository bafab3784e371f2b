/**
 * Wraps a store handle to see which statements a re-score runs and how long each kind takes, from
 * issue to decoded rows (so it includes the driver's and Prisma's decoding, and any time a
 * statement waits behind another on the same connection).
 */
import { performance } from "node:perf_hooks";
import type { Db } from "../src/store/store.js";
import { asDb, prismaOf } from "../src/store/types.js";

export interface StatementStats {
  kind: string;
  calls: number;
  ms: number;
  rows: number;
}

export class SqlProfile {
  private readonly stats = new Map<string, StatementStats>();

  /** The same handle, with the raw statements repositories run through it timed (their Prisma model calls are not). */
  wrap(db: Db): Db {
    const client = prismaOf(db);
    const query = async (text: string, ...params: unknown[]): Promise<unknown[]> => {
      const kind = statementKind(text);
      const start = performance.now();
      const rows = await client.$queryRawUnsafe<unknown[]>(text, ...params);
      const entry = this.stats.get(kind) ?? { kind, calls: 0, ms: 0, rows: 0 };
      entry.calls += 1;
      entry.ms += performance.now() - start;
      entry.rows += rows.length;
      this.stats.set(kind, entry);
      return rows;
    };
    return asDb(
      new Proxy(client, {
        get(target, prop) {
          if (prop === "$queryRawUnsafe") return query;
          const value: unknown = Reflect.get(target, prop);
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
    );
  }

  statements(): StatementStats[] {
    return [...this.stats.values()].sort((a, b) => b.ms - a.ms);
  }
}

/**
 * "SELECT event", "UPDATE lead", "INSERT score_snapshot": the verb and the first table. A
 * statement opening with WITH is named by the writes it holds ("WITH UPDATE lead, INSERT
 * score_snapshot"), or by its final SELECT when it writes nothing.
 */
export function statementKind(text: string): string {
  const sql = text.replace(/\s+/g, " ").trim();
  if (/^(FETCH|DECLARE|CLOSE)\b/i.test(sql)) return `${sql.split(" ")[0]!.toUpperCase()} cursor`;
  if (/^WITH\b/i.test(sql)) {
    const writes = [...sql.matchAll(/\b(?:INSERT INTO|UPDATE) (\w+)/gi)].map((m) => `${m[0]!.split(" ")[0]!.toUpperCase()} ${m[1]}`);
    if (writes.length > 0) return `WITH ${[...new Set(writes)].join(", ")}`;
  }
  const verb = /^(WITH|SELECT|UPDATE|INSERT|DELETE)/i.exec(sql)?.[1]?.toUpperCase() ?? sql.slice(0, 12);
  const table =
    verb === "UPDATE"
      ? /^UPDATE (\w+)/i.exec(sql)?.[1]
      : verb === "INSERT"
        ? /^INSERT INTO (\w+)/i.exec(sql)?.[1]
        : /(?<!EPOCH )\bFROM (\w+)/i.exec(sql)?.[1];
  return `${verb} ${table ?? "?"}`;
}
