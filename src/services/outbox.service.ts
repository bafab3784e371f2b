/**
 * What admins see of the outbox (`/admin outbox`) and how they send a failed message again.
 * Admins only, scoped to the actor's team.
 */
import type { OutboxBacklog } from "../metrics/metrics.js";
import { latestFailed, outboxBacklog, outboxCounts, requeueFailed } from "../store/outbox.repository.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { fail, forbidden, ok, type Result } from "./result.js";

export const OUTBOX_ADMINS_ONLY = { reason: "admins_only", what: "outbox" } as const;

export interface FailedMessage {
  id: number;
  kind: string;
  platform: string;
  channel: string;
  attempts: number;
  error: string | null;
  createdAt: Date;
  /** When it was given up on. */
  failedAt: Date;
}

export interface OutboxStatus {
  counts: { pending: number; sending: number; sent: number; failed: number };
  /** Most recent first. */
  failed: FailedMessage[];
}

/** `/admin outbox`: the team's messages by status and the latest failures with their errors. */
export async function outboxStatus(deps: ServiceDeps, actor: Actor, options: { limit?: number } = {}): Promise<Result<OutboxStatus>> {
  if (actor.role !== "admin") return forbidden(OUTBOX_ADMINS_ONLY);
  const [counts, failed] = await Promise.all([outboxCounts(deps.store.db, actor.teamId), latestFailed(deps.store.db, actor.teamId, options.limit ?? 10)]);
  return ok({
    counts,
    failed: failed.map((m) => ({
      id: m.id,
      kind: m.kind,
      platform: m.platform,
      channel: m.channel,
      attempts: m.attempts,
      error: m.lastError,
      createdAt: m.createdAt,
      failedAt: m.nextAttemptAt,
    })),
  });
}

/** `/admin outbox retry <id>`: queues a failed message again, with a fresh set of attempts. */
export async function retryFailed(deps: ServiceDeps, actor: Actor, id: number): Promise<Result<{ id: number }>> {
  if (actor.role !== "admin") return forbidden(OUTBOX_ADMINS_ONLY);
  if (!(await requeueFailed(deps.store.db, actor.teamId, id, deps.clock()))) {
    return fail({ code: "not_found", reason: "outbox_message_not_found", id, suggestions: [] });
  }
  return ok({ id });
}

/** Every team's messages not yet sent, per platform and status, with the oldest's age (the metrics' outbox gauges). */
export function outboxBacklogAll(deps: ServiceDeps): Promise<OutboxBacklog[]> {
  return outboxBacklog(deps.store.db);
}
