/**
 * Retention of unidentified visitors' activity: what a visitor with only an anonymousId did
 * waits in `anonymous_event` for an identify (src/services/tracking.service.ts); activity that
 * happened longer ago than the retention period is deleted, so a visitor who is never identified
 * is not kept forever. Linked visitors (lead aliases) and leads' events are never touched.
 */
import { deleteAnonymousEventsBefore, teamsWithAnonymousEventsBefore } from "../store/tracking.repository.js";
import type { ServiceDeps } from "./deps.js";

/** Rows deleted per statement: each is its own short transaction, whatever the backlog. */
export const RETENTION_CHUNK = 1_000;

const DAY_MS = 86_400_000;

/** The moment before which anonymous activity is forgotten: `days` whole days before `now`. */
export function anonymousRetentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Teams with anonymous activity from before `cutoff`. */
export function teamsWithExpiredAnonymousActivity(deps: ServiceDeps, cutoff: Date): Promise<number[]> {
  return teamsWithAnonymousEventsBefore(deps.store.db, cutoff);
}

export interface ForgetSummary {
  deleted: number;
  /** Statements run (the last one may have deleted fewer rows than a chunk, or none). */
  chunks: number;
  /**
   * True when the last chunk came back short: nothing from before `cutoff` is left that this
   * instance could take. False when `signal` stopped it first; the next run takes the rest.
   */
  finished: boolean;
}

/**
 * Deletes one team's anonymous activity from before `cutoff`, oldest first, `chunk` rows per
 * statement and no transaction around them, so a large backlog never holds one long transaction
 * or lock. Safe to run on several instances at once: each statement deletes rows nobody else
 * holds, and running it again deletes nothing more. Once `signal` aborts, it stops after the
 * chunk in progress.
 */
export async function forgetExpiredAnonymousActivity(
  deps: ServiceDeps,
  teamId: number,
  options: { cutoff: Date; chunk?: number; signal?: AbortSignal },
): Promise<ForgetSummary> {
  const chunk = options.chunk ?? RETENTION_CHUNK;
  const summary: ForgetSummary = { deleted: 0, chunks: 0, finished: false };
  while (!options.signal?.aborted) {
    const deleted = await deleteAnonymousEventsBefore(deps.store.db, teamId, options.cutoff, chunk);
    summary.deleted += deleted;
    summary.chunks += 1;
    if (deleted < chunk) {
      summary.finished = true;
      break;
    }
  }
  return summary;
}
