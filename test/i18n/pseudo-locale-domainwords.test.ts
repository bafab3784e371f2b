/**
 * Words built from what the domain returns as data (issue 13): what is wrong with a lead's
 * attributes (src/domain/safe-input.ts, inputIssues), scoring change summaries
 * (src/domain/edits.ts) and calibration statements (src/domain/calibration.ts), rendered in the
 * pseudo-locale en-XA: no plain English may be left but data.
 */
import { describe, expect, it } from "vitest";
import { attributesSchema } from "../../src/domain/safe-input.js";
import { PSEUDO_LOCALE, translator } from "../../src/i18n/index.js";
import type { Failure } from "../../src/services/result.js";
import { failureReply, failureText } from "../../src/views/failure.view.js";
import { DATA, shown } from "./pseudo-fixtures.js";
import { untranslatedEnglish } from "./untranslated.js";

const t = translator(PSEUDO_LOCALE);

/** A failure of /lead add with these attributes, as the lead service returns it. */
function unfit(attributes: unknown): Failure {
  const parsed = attributesSchema.safeParse(attributes);
  if (parsed.success) throw new Error("the attributes were fit");
  return { code: "invalid", reason: "attributes_unfit", issues: parsed.error.issues };
}

const ATTRIBUTES: Array<[string, unknown]> = [
  ["an empty key", { "": 1 }],
  ["a key too long", { ["k".repeat(101)]: 1 }],
  ["a value too long", { size: "v".repeat(1001) }],
  ["a value with a NUL", { size: "x\u0000" }],
  ["a key with a broken character", { ["b\ud800"]: 1 }],
  ["a value of no known type", { size: {} }],
  ["too many attributes", Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 1]))],
  ["not a record", "size"],
  ["several problems", { "": 1, size: "v".repeat(1001), plan: {} }],
];

describe("the pseudo-locale finds no English left in what is wrong with attributes", () => {
  it.each(ATTRIBUTES)("in %s", (_name, attributes) => {
    // Attribute names are typed: data.
    const names = typeof attributes === "object" && attributes ? Object.keys(attributes) : [];
    expect(untranslatedEnglish(shown(failureReply(unfit(attributes), t)), [...DATA, ...names, "␀"])).toEqual([]);
  });

  it("says each problem where it is, in English as before", () => {
    expect(failureText(unfit({ size: "x\u0000" }))).toBe("Not added: size must not contain a NUL character.");
    expect(failureText(unfit({ "": 1, size: "v".repeat(1001) }))).toBe(
      "Not added: an attribute key must not be empty; size attribute values must be at most 1000 characters.",
    );
    expect(failureText(unfit(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 1]))))).toBe("Not added: a lead holds at most 100 attributes.");
  });

  it("says it in the reader's language", () => {
    expect(failureText(unfit({ size: "v".repeat(1001) }), translator("uk"))).toBe("Не додано: size: значення атрибута — щонайбільше 1000 символів.");
    expect(failureText(unfit({ "": 1 }), translator("pl"))).toBe("Nie dodano: nazwa atrybutu nie może być pusta.");
  });
});
