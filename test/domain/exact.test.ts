import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstReaching, floorMulDiv } from "../../src/domain/exact.js";

const exactFloor = (a: number, e: number, c: number) => Number((BigInt(a) * BigInt(e)) / BigInt(c));

describe("exact integer arithmetic", () => {
  it.each([
    [60, 2_592_000_000, 7_776_000_000, 20],
    [60, 7_776_000_000, 7_776_000_000, 60],
    [60, 2_721_599_999, 7_776_000_000, 20],
    [60, 2_721_600_000, 7_776_000_000, 21],
    [3, 1, 3, 1],
  ])("floor(%i × %i ÷ %i) is %i", (a, e, c, expected) => {
    expect(floorMulDiv(a, e, c)).toBe(expected);
  });

  it("floorMulDiv agrees with BigInt arithmetic, including products beyond 2^53", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 2 ** 45 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, c, fraction) => {
          const e = Math.floor(c * fraction);
          expect(floorMulDiv(a, e, c)).toBe(exactFloor(a, e, c));
        },
      ),
    );
  });

  it("firstReaching is the first integer at which the truncated ratio reaches the step", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, c, fraction) => {
          const k = Math.max(1, Math.ceil(a * fraction));
          const e = firstReaching(k, c, a);
          expect(exactFloor(a, e, c)).toBeGreaterThanOrEqual(k);
          expect(exactFloor(a, e - 1, c)).toBeLessThan(k);
        },
      ),
    );
  });
});
