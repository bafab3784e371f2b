/**
 * What the store throws when the database says no for a reason a caller may act on. PostgreSQL
 * and Prisma codes are read here and nowhere else (README, Architecture): a service asks
 * `isAlreadyExists(error)`, never `error.code === "P2002"`.
 *
 * Like bolt-js's coded errors: small classes with a string `code`, the driver's error kept as
 * `cause` for the logs.
 */

export type StoreErrorCode = "already_exists" | "conflict" | "invalid_row";

export abstract class StoreError extends Error {
  abstract readonly code: StoreErrorCode;
}

/** A unique constraint refused the write (PostgreSQL 23505, Prisma P2002): the row is there already. */
export class AlreadyExists extends StoreError {
  readonly code = "already_exists";
  constructor(
    /** The constraint or its columns, when the database names them. */
    readonly constraint: string | null,
    options?: { cause?: unknown },
  ) {
    super(`already exists${constraint ? ` (${constraint})` : ""}`, options);
    this.name = "AlreadyExists";
  }
}

/**
 * Concurrent transactions got in each other's way and the database rolled this one back: a
 * serialization failure (40001, Prisma P2034) or a deadlock (40P01). Running the transaction
 * again may well succeed; `Store.retrying` does, and throws this once its attempts run out.
 */
export class Conflict extends StoreError {
  readonly code = "conflict";
  constructor(message = "the transaction conflicted with a concurrent one", options?: { cause?: unknown }) {
    super(message, options);
    this.name = "Conflict";
  }
}

/**
 * A stored row that does not read back as its column says it should (a JSON column that fails
 * its schema, a platform name nobody registered). Thrown for that row alone: a read that
 * returns many rows reports the bad one and goes on with the others.
 */
export class InvalidRow extends StoreError {
  readonly code = "invalid_row";
  constructor(
    readonly table: string,
    readonly id: string | number | null,
    readonly column: string,
    readonly problem: string,
  ) {
    super(`${table}${id === null ? "" : ` ${id}`}: ${column} ${problem}`);
    this.name = "InvalidRow";
  }
}

export const isAlreadyExists = (error: unknown): error is AlreadyExists => error instanceof AlreadyExists;
export const isConflict = (error: unknown): error is Conflict => error instanceof Conflict;
export const isInvalidRow = (error: unknown): error is InvalidRow => error instanceof InvalidRow;

// ---- reading the driver's errors ---------------------------------------------------------------

const UNIQUE_VIOLATION = "23505";
const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);
const UNIQUE_PRISMA = "P2002";
const CONFLICT_PRISMA = "P2034";

interface Found {
  unique: boolean;
  conflict: boolean;
  constraint: string | null;
}

/**
 * Looks through a Prisma error, the driver adapter's error inside it and pg's or PGlite's own
 * error for the codes that matter; the same failure arrives differently wrapped depending on
 * the adapter and on whether a model call or raw SQL met it.
 */
function inspect(error: unknown): Found {
  const found: Found = { unique: false, conflict: false, constraint: null };
  const seen = new Set<unknown>();
  const walk = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== "object" || seen.has(value) || depth > 6) return;
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const key of ["code", "originalCode"]) {
      const code = record[key];
      if (code === UNIQUE_PRISMA || code === UNIQUE_VIOLATION) found.unique = true;
      if (code === CONFLICT_PRISMA || (typeof code === "string" && RETRYABLE_SQLSTATES.has(code))) found.conflict = true;
    }
    if (record.kind === "UniqueConstraintViolation") found.unique = true;
    if (record.kind === "TransactionWriteConflict") found.conflict = true;
    if (found.unique && found.constraint === null) found.constraint = constraintName(record);
    for (const key of ["meta", "cause", "driverAdapterError"]) walk(record[key], depth + 1);
  };
  walk(error, 0);
  // Some paths keep only the message ("could not serialize access …", "deadlock detected").
  if (!found.unique && !found.conflict && error instanceof Error) {
    found.conflict = /could not serialize access|deadlock detected|\b(40001|40P01)\b/i.test(error.message);
  }
  return found;
}

function constraintName(record: Record<string, unknown>): string | null {
  const constraint = record.constraint as { index?: unknown; fields?: unknown } | string | undefined;
  if (typeof constraint === "string") return constraint;
  if (constraint && typeof constraint.index === "string") return constraint.index;
  if (constraint && Array.isArray(constraint.fields)) return constraint.fields.join(", ");
  const target = (record.target ?? null) as unknown;
  if (Array.isArray(target)) return target.join(", ");
  return null;
}

/** The store's own error for a driver error that has one; anything else unchanged. */
export function translateDbError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const found = inspect(error);
  if (found.unique) return new AlreadyExists(found.constraint, { cause: error });
  if (found.conflict) return new Conflict(undefined, { cause: error });
  return error;
}
