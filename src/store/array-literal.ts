/**
 * One PostgreSQL array literal ('{1,2,NULL}', '{"a","b\"c"}') for a bulk statement's
 * parameter. Through Prisma's raw queries every element of an array parameter becomes a typed
 * argument of its own, which costs milliseconds for a batch of 500 rows; one string costs next
 * to nothing, and the statement casts it ($2::int[], $3::text[]) exactly as it would the array.
 */
export function arrayLiteral(values: ReadonlyArray<string | number | boolean | Date | null>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value === null) parts[i] = "NULL";
    else if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
      parts[i] = String(value);
    } else if (typeof value === "boolean") parts[i] = value ? "t" : "f";
    else parts[i] = quote(value instanceof Date ? value.toISOString() : value);
  }
  return `{${parts.join(",")}}`;
}

/** Every text element quoted, so NULL, empty strings, commas and braces stay text. */
function quote(text: string): string {
  // Most elements (ids, types, emails) need no escaping; the regex is for those that do.
  return text.includes('"') || text.includes("\\") ? `"${text.replace(/[\\"]/g, "\\$&")}"` : `"${text}"`;
}
