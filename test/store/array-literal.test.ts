import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrayLiteral } from "../../src/store/array-literal.js";
import type { StoreHandle } from "../../src/store/client.js";
import { createTestStore } from "../support/db.js";

describe("arrayLiteral", () => {
  let store: StoreHandle;
  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => {
    await store?.close();
  });

  it("round-trips any text, nulls included, through PostgreSQL's array input", async () => {
    const tricky = ['a"b\\c', "NULL", "", " padded ", "x,y", "{}", "naïve ✓", "line\nbreak", null];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.oneof(fc.constantFrom(...tricky.filter((t) => t !== null)), fc.string()), { nil: null }), { maxLength: 20 }), async (values) => {
        const [row] = await store.sql.query<{ out: Array<string | null> | null }>(`SELECT $1::text[] AS out`, [arrayLiteral(values)]);
        expect(row!.out ?? []).toEqual(values);
      }),
      { numRuns: 60 },
    );
  });

  it("writes numbers, booleans and dates as the casts expect", async () => {
    const at = new Date("2026-06-01T09:30:00.123Z");
    const [row] = await store.sql.query<{ ints: number[]; flags: boolean[]; times: string[] }>(
      `SELECT $1::int[] AS ints, $2::bool[] AS flags, ARRAY(SELECT to_char(t, 'YYYY-MM-DD HH24:MI:SS.MS') FROM unnest($3::timestamp(3)[]) AS t) AS times`,
      [arrayLiteral([1, -2, 30]), arrayLiteral([true, false]), arrayLiteral([at])],
    );
    expect(row).toEqual({ ints: [1, -2, 30], flags: [true, false], times: ["2026-06-01 09:30:00.123"] });
    expect(() => arrayLiteral([Number.NaN])).toThrow(RangeError);
  });
});
