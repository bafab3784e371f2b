/**
 * One PostgreSQL array literal ('{1,2,NULL}', '{"a","b\"c"}') for a bulk statement's
 * parameter. Through Prisma's raw queries every element of an array parameter becomes a typed
 * argument of its own, which costs milliseconds for a batch of 500 rows; one string costs next
 * to nothing, and the statement casts it ($2::int[], $3::text[]) exactly as it would the array.
 */
export function arrayLiteral(values: ReadonlyArray<string | number | boolean | Date | null>): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    const value = values[i]!;
    if (value === null) out += "NULL";
    else if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
      out += String(value);
    } else if (typeof value === "boolean") out += value ? "t" : "f";
    else out += `"${(value instanceof Date ? value.toISOString() : value).replace(/[\\"]/g, "\\$&")}"`;
  }
  return `${out}}`;
}
