/**
 * The what-if preview reads a common event type's events unordered and groups them here: each
 * lead's events must come as one run, in type and time order, none lost or made up, whatever
 * order the database answers in and however far apart the lead ids are.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runsByLead } from "../../src/store/event-runs.js";

type Triple = [lead: number, type: number, at: number];

const triplesOf = (flat: ArrayLike<number>): Triple[] => {
  const out: Triple[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) out.push([flat[i]!, flat[i + 1]!, flat[i + 2]!]);
  return out;
};
const byValue = (a: Triple, b: Triple) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Checks the three promises: the same events, one run per lead, each run in type and time order. */
function expectRuns(input: Triple[], flat: Float64Array) {
  const out = triplesOf(flat);
  expect(out.slice().sort(byValue)).toEqual(input.slice().sort(byValue));
  const finished = new Set<number>();
  for (const [i, [lead, type, at]] of out.entries()) {
    const previous = out[i - 1];
    if (previous && previous[0] === lead) {
      expect(type > previous[1] || (type === previous[1] && at >= previous[2])).toBe(true);
      continue;
    }
    expect(finished.has(lead)).toBe(false);
    if (previous) finished.add(previous[0]);
  }
}

describe("events grouped into one run per lead (runsByLead)", () => {
  it("groups interleaved leads, keeping each lead's order by type and then time", () => {
    const input: Triple[] = [
      [7, 1, 300],
      [3, 1, 100],
      [7, 1, 400],
      [3, 2, 50],
      [7, 2, 10],
      [3, 1, 200],
    ];
    expect(triplesOf(runsByLead(input.flat()))).toEqual([
      [3, 1, 100],
      [3, 1, 200],
      [3, 2, 50],
      [7, 1, 300],
      [7, 1, 400],
      [7, 2, 10],
    ]);
  });

  it("sorts a lead's run that came out of order, and leaves no event behind", () => {
    const input: Triple[] = [
      [5, 2, 900],
      [5, 1, 800],
      [5, 1, 700],
    ];
    expect(triplesOf(runsByLead(input.flat()))).toEqual([
      [5, 1, 700],
      [5, 1, 800],
      [5, 2, 900],
    ]);
  });

  it("groups leads whose ids lie far apart (leads of many teams interleaved) as well", () => {
    const input: Triple[] = [
      [2_000_000_000, 1, 5],
      [1, 1, 4],
      [2_000_000_000, 1, 3],
      [1, 1, 2],
    ];
    expectRuns(input, runsByLead(input.flat()));
  });

  it("answers nothing for nothing", () => {
    expect(runsByLead([]).length).toBe(0);
  });

  it("keeps every promise for any events, dense or sparse ids, in any order", () => {
    const triple = (ids: fc.Arbitrary<number>) =>
      fc.tuple(ids, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2_000_000_000_000 })) as fc.Arbitrary<Triple>;
    const ids = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 2_000_000_000 }));
    fc.assert(
      fc.property(fc.array(triple(ids), { maxLength: 300 }), (input) => {
        expectRuns(input, runsByLead(input.flat()));
      }),
      { numRuns: 300 },
    );
  });
});
