import { describe, expect, it } from "vitest";
import {
  applyMappingEdit,
  correctedTime,
  DEFAULT_SOURCE_MAPPINGS,
  isMapped,
  mappingFor,
  patternMatches,
  patternProblem,
  suggestType,
  typeForName,
} from "../../src/domain/source-mapping.js";

describe("source mappings", () => {
  it.each([
    ["/pricing*", "/pricing", true],
    ["/pricing*", "/Pricing/Enterprise", true],
    ["/pricing*", "/blog/pricing", false],
    ["/blog/*/pricing", "/blog/2026/pricing", true],
    ["/p?icing", "/pricing", true],
    ["Demo Requested", "demo requested", true],
    ["Demo Requested", "Demo Requested Twice", false],
    ["Trial *", "Trial Started", true],
    ["/pricing*", "pricing", false], // a page pattern never matches an event name
    ["*pricing", "/pricing", false], // nor an event pattern a path
    ["a.b+c", "a.b+c", true],
    ["a.b*", "axb", false],
  ])("%s matches %s: %s", (pattern, name, expected) => {
    expect(patternMatches(pattern, name)).toBe(expected);
  });

  it("picks the most specific mapping: exact, then most literal characters, then the newest", () => {
    const mappings = [
      { pattern: "/pricing*", type: "pricing_page" },
      { pattern: "/pricing/enterprise*", type: "quote_request" },
      { pattern: "/pricing/enterprise", type: "demo_request" },
      { pattern: "/pric*", type: "guide_download" },
    ];
    expect(mappingFor(mappings, "/pricing/enterprise")?.type).toBe("demo_request");
    expect(mappingFor(mappings, "/pricing/enterprise/eu")?.type).toBe("quote_request");
    expect(mappingFor(mappings, "/pricing")?.type).toBe("pricing_page");
    expect(mappingFor([...mappings, { pattern: "/*pricing", type: "careers_page" }], "/pricing")?.type).toBe("careers_page");
  });

  it("types an unmapped page as a visit and an unmapped event by its own name", () => {
    expect(typeForName(DEFAULT_SOURCE_MAPPINGS, "/careers/sales")).toBe("careers_page");
    expect(typeForName(DEFAULT_SOURCE_MAPPINGS, "/blog/x")).toBe("website_visit");
    expect(typeForName(DEFAULT_SOURCE_MAPPINGS, "Order Completed")).toBe("purchase");
    expect(typeForName(DEFAULT_SOURCE_MAPPINGS, "demo_request")).toBe("demo_request");
    expect(isMapped(DEFAULT_SOURCE_MAPPINGS, "demo_request", new Set(["demo_request"]))).toBe(true);
    expect(isMapped(DEFAULT_SOURCE_MAPPINGS, "/blog/x", new Set(["website_visit"]))).toBe(false);
  });

  it("edits the list: a pattern is one entry whatever its case; unmapping a missing one says so", () => {
    const mapped = applyMappingEdit(DEFAULT_SOURCE_MAPPINGS, { kind: "map", pattern: "/PRICING*", type: "quote_request" })!;
    expect(mapped.filter((m) => m.pattern.toLowerCase() === "/pricing*")).toEqual([{ pattern: "/PRICING*", type: "quote_request" }]);
    expect(applyMappingEdit(DEFAULT_SOURCE_MAPPINGS, { kind: "unmap", pattern: "/nowhere" })).toBeNull();
    expect(applyMappingEdit(DEFAULT_SOURCE_MAPPINGS, { kind: "unmap", pattern: "/Careers*" })).toHaveLength(DEFAULT_SOURCE_MAPPINGS.length - 1);
  });

  it.each([
    ["", "empty"],
    ["/*", "only_wildcards"],
    ["**", "only_wildcards"],
    ["x".repeat(201), "too_long"],
    ["/", null],
    ["/pricing*", null],
  ])("pattern %j: %s", (pattern, problem) => {
    expect(patternProblem(pattern)).toBe(problem);
  });

  it("suggests a type only when the name's words name exactly one", () => {
    const types = ["website_visit", "pricing_page", "careers_page", "demo_request", "quote_request", "guide_download"];
    expect(suggestType(types, "/compare/pricing-plans")).toBe("pricing_page");
    expect(suggestType(types, "Demo Booked")).toBe("demo_request");
    expect(suggestType(types, "/guides/lead-scoring")).toBe("guide_download");
    expect(suggestType(types, "Trial Started")).toBeNull();
    expect(suggestType(types, "/pricing/demo")).toBeNull();
  });

  it("corrects the sender's clock like Segment: timestamp + (received − sentAt)", () => {
    const received = new Date("2026-06-01T09:00:00Z");
    expect(correctedTime(new Date("2026-06-01T07:59:00Z"), new Date("2026-06-01T08:00:00Z"), received).toISOString()).toBe("2026-06-01T08:59:00.000Z");
    expect(correctedTime(new Date("2026-06-01T08:30:00Z"), null, received).toISOString()).toBe("2026-06-01T08:30:00.000Z");
    expect(correctedTime(null, new Date("2026-06-01T08:00:00Z"), received)).toBe(received);
  });
});
