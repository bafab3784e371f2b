import { describe, expect, it } from "vitest";
import { attributeMatches, type AttributeMatch } from "../../src/domain/attributes.js";

describe("attribute predicates", () => {
  it.each<[string, AttributeMatch, Record<string, unknown>, boolean]>([
    ["contains ignores case", { field: "title", op: "contains", value: "consultant" }, { title: "Senior CONSULTANT" }, true],
    ["contains misses other words", { field: "title", op: "contains", value: "consultant" }, { title: "Consulting lead" }, false],
    ["contains with an empty needle matches nothing", { field: "title", op: "contains", value: "" }, { title: "CEO" }, false],
    ["contains on a missing field is false", { field: "title", op: "contains", value: "ceo" }, {}, false],
    ["contains checks each tag of a list", { field: "tags", op: "contains", value: "vip" }, { tags: ["new", "VIP-2024"] }, true],
    ["equals ignores case and spaces", { field: "country", op: "equals", value: "ua" }, { country: " UA " }, true],
    ["equals compares numbers with numeric strings", { field: "companySize", op: "equals", value: 50 }, { companySize: "50" }, true],
    ["equals is false for a different value", { field: "country", op: "equals", value: "PL" }, { country: "UA" }, false],
    ["in matches a list case-insensitively", { field: "country", op: "in", value: ["UA", "PL"] }, { country: "pl" }, true],
    ["in accepts a comma-separated list", { field: "country", op: "in", value: "UA, PL, DE" }, { country: "de" }, true],
    ["in is false outside the list", { field: "country", op: "in", value: ["UA", "PL"] }, { country: "US" }, false],
    ["gte is true at the boundary", { field: "companySize", op: "gte", value: 50 }, { companySize: 50 }, true],
    ["gte reads numeric strings", { field: "companySize", op: "gte", value: "50" }, { companySize: " 120 " }, true],
    ["gte is false below", { field: "companySize", op: "gte", value: 50 }, { companySize: 49 }, false],
    ["gte is false for text", { field: "companySize", op: "gte", value: 50 }, { companySize: "large" }, false],
    ["gte is false for an empty value", { field: "companySize", op: "gte", value: 0 }, { companySize: "" }, false],
    ["lte is true at the boundary", { field: "companySize", op: "lte", value: 10 }, { companySize: "10" }, true],
    ["lte is false above", { field: "companySize", op: "lte", value: 10 }, { companySize: 11 }, false],
    ["exists is true for a value", { field: "phone", op: "exists" }, { phone: "+380" }, true],
    ["exists is true for zero", { field: "employees", op: "exists" }, { employees: 0 }, true],
    ["exists is false for blanks", { field: "phone", op: "exists" }, { phone: "  " }, false],
    ["exists is false for null", { field: "phone", op: "exists" }, { phone: null }, false],
    ["exists is false for an empty list", { field: "tags", op: "exists" }, { tags: [] }, false],
  ])("%s", (_, match, attributes, expected) => {
    expect(attributeMatches(match, attributes)).toBe(expected);
  });
});
