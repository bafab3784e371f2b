import type { AttributeOp } from "./types.js";

export interface AttributeMatch {
  field: string;
  op: AttributeOp;
  value?: string | number | Array<string | number>;
}

/**
 * Fit predicates are written by managers in chat and fed by CSV imports, so they forgive case,
 * whitespace and numbers that arrive as strings. A missing or unusable value never matches.
 */
export function attributeMatches(match: AttributeMatch, attributes: Record<string, unknown>): boolean {
  const actual = attributes[match.field];
  switch (match.op) {
    case "exists":
      return isPresent(actual);
    case "contains": {
      const needle = asText(match.value);
      if (needle === null || needle === "") return false;
      if (!Array.isArray(actual)) return asText(actual)?.includes(needle) ?? false;
      return actual.some((item) => asText(item)?.includes(needle) ?? false);
    }
    case "equals":
      return match.value !== undefined && sameValue(actual, match.value);
    case "in":
      return asList(match.value).some((option) => sameValue(actual, option));
    case "gte":
    case "lte": {
      const left = asNumber(actual);
      const right = asNumber(match.value);
      if (left === null || right === null) return false;
      return match.op === "gte" ? left >= right : left <= right;
    }
    default:
      return false;
  }
}

function isPresent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "number") return !Number.isNaN(value);
  return true;
}

/** Multi-valued fields (tags) match when any of their values does. */
function asText(value: unknown): string | null {
  if (typeof value === "string") return value.trim().toLowerCase();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value === "boolean") return String(value);
  return null;
}

function asNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string" || value.trim() === "") return null;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : null;
}

/** "50" equals 50, "UA" equals "ua". */
function sameValue(actual: unknown, expected: unknown): boolean {
  const expectedNumber = asNumber(expected);
  const expectedText = asText(expected);
  const values = Array.isArray(actual) ? actual : [actual];
  return values.some((item) => {
    if (expectedNumber !== null) {
      const itemNumber = asNumber(item);
      if (itemNumber !== null) return itemNumber === expectedNumber;
    }
    const text = asText(item);
    return text !== null && text === expectedText;
  });
}

/** `in` accepts a list, or a comma-separated string as typed in chat ("UA, PL, DE"). */
function asList(value: AttributeMatch["value"]): Array<string | number> {
  if (Array.isArray(value)) return value;
  if (typeof value === "string") return value.split(",").filter((part) => part.trim() !== "");
  if (typeof value === "number") return [value];
  return [];
}
