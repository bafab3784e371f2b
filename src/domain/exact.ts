/** Scores are explained line by line, so every step here stays in exact integer milliseconds. */
export const DAY_MS = 86_400_000;

/** The last instant a JavaScript Date can represent; anything later means "never". */
export const MAX_TIME_MS = 8.64e15;

/** Below this, products of two operands and one more addend still fit a double exactly. */
const EXACT_LIMIT = 2 ** 52;

/**
 * floor(a × e ÷ c) for non-negative integers. Double division can land one off near an integer
 * boundary, so the quotient is checked against exact products and nudged; BigInt covers the rest.
 */
export function floorMulDiv(a: number, e: number, c: number): number {
  if (a * c < EXACT_LIMIT) {
    const n = a * e;
    let q = Math.floor(n / c);
    if (q * c > n) q -= 1;
    else if ((q + 1) * c <= n) q += 1;
    return q;
  }
  return Number((BigInt(a) * BigInt(e)) / BigInt(c));
}

/**
 * Smallest integer e with a × e ≥ k × c (a > 0, 0 ≤ k ≤ a): the first millisecond at which
 * floor(a × e ÷ c) reaches k.
 */
export function firstReaching(k: number, c: number, a: number): number {
  if (a * c < EXACT_LIMIT) {
    const n = k * c;
    let e = Math.ceil(n / a);
    if (e * a < n) e += 1;
    else if (e > 0 && (e - 1) * a >= n) e -= 1;
    return e;
  }
  const n = BigInt(k) * BigInt(c);
  const big = BigInt(a);
  return Number((n + big - 1n) / big);
}

/** Rule points and caps are integers by contract; rounding keeps sums exact if a caller slips. */
export function toInteger(value: number | null | undefined): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.round(value) : 0;
}
