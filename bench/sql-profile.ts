/**
 * Wraps a SqlRunner to see which statements a re-score runs and how long each kind takes, from
 * issue to decoded rows (so it includes the driver's and Prisma's decoding, and any time a
 * statement waits behind another on the same connection).
 */
import { performance } from "node:perf_hooks";
import type { SqlRunner } from "../src/store/types.js";

export interface StatementStats {
  kind: string;
  calls: number;
  ms: number;
  rows: number;
}

export class SqlProfile {
  private readonly stats = new Map<string, StatementStats>();

  wrap(sql: SqlRunner): SqlRunner {
    return {
      query: async <T>(text: string, params?: unknown[]): Promise<T[]> => {
        const kind = statementKind(text);
        const start = performance.now();
        const rows = await sql.query<T>(text, params);
        const entry = this.stats.get(kind) ?? { kind, calls: 0, ms: 0, rows: 0 };
        entry.calls += 1;
        entry.ms += performance.now() - start;
        entry.rows += rows.length;
        this.stats.set(kind, entry);
        return rows;
      },
    };
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
