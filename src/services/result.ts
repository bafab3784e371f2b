/**
 * Expected failures are returned as values, so each transport decides how to show them;
 * only bugs are thrown.
 */

export interface LeadCandidate {
  id: number;
  name: string;
  company: string | null;
}

export type Failure =
  | { code: "not_found"; message: string; suggestions: LeadCandidate[] }
  | { code: "ambiguous"; message: string; candidates: LeadCandidate[] }
  /** A teammate named unclearly: the people it could be (or the team, when nobody matched). */
  | { code: "which_member"; message: string; candidates: Array<{ id: number; name: string }> }
  | { code: "forbidden"; message: string }
  | { code: "invalid"; message: string }
  | { code: "conflict"; message: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: Failure): Result<T> => ({ ok: false, error });
export const invalid = <T = never>(message: string): Result<T> => fail({ code: "invalid", message });
export const forbidden = <T = never>(message: string): Result<T> => fail({ code: "forbidden", message });
export const conflict = <T = never>(message: string): Result<T> => fail({ code: "conflict", message });
