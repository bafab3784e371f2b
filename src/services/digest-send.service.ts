/**
 * Sending the digest through the outbox: the scheduled one exactly once per team and local
 * date (a JobRun record and the outbox message in one transaction), and extra ones on request.
 */
import { digestDue } from "../domain/digest-schedule.js";
import type { OutboxPlatform } from "../platforms/names.js";
import { claimJobRun, digestSettings, findJobRun, finishJobRun, insertOutboxOnce } from "../store/digest.repository.js";
import { buildDigest } from "./digest-compose.service.js";
import type { ServiceDeps } from "./deps.js";
import { outboxPayload } from "./outbox-message.js";

/** The JobRun `job` of the scheduled digest; its runKey is `<teamId>:<local date>`. */
export const DIGEST_JOB = "digest";

export const digestRunKey = (teamId: number, localDate: string): string => `${teamId}:${localDate}`;
export const digestDedupeKey = (teamId: number, localDate: string): string => `digest:${teamId}:${localDate}`;

export type SendResult =
  | { status: "sent"; outboxId: number | null; late: boolean }
  | { status: "already_sent" }
  | { status: "no_channel" };

/**
 * Posts the team's digest for `localDate` through the outbox, exactly once: the JobRun row
 * (job "digest", runKey `<teamId>:<localDate>`, unique) and the outbox message are written in
 * one transaction, so with several instances, retries or restarts only the first writer posts.
 */
export async function sendDigest(deps: ServiceDeps, teamId: number, localDate: string, options: { late: boolean }): Promise<SendResult> {
  const now = deps.clock();
  const runKey = digestRunKey(teamId, localDate);
  // Cheap check first: building a digest only to find it sent would waste a re-score.
  if (await findJobRun(deps.store.db, DIGEST_JOB, runKey)) return { status: "already_sent" };
  const settings = await digestSettings(deps.store.db, teamId);
  if (!settings.channel) return { status: "no_channel" };
  const channel = settings.channel;
  const message = await buildDigest(deps, teamId, now, { mode: options.late ? "late" : "scheduled" });
  return deps.store.transaction(async (tx) => {
    const runId = await claimJobRun(tx, { job: DIGEST_JOB, runKey, teamId, at: now, detail: { late: options.late } });
    if (runId === null) return { status: "already_sent" } as const;
    const outboxId = await insertOutboxOnce(tx, {
      teamId,
      kind: "digest",
      platform: channel.platform,
      channel: channel.id,
      payload: outboxPayload("digest", message),
      dedupeKey: digestDedupeKey(teamId, localDate),
      at: now,
    });
    await finishJobRun(tx, runId, now, { late: options.late, outboxId });
    return { status: "sent", outboxId, late: options.late } as const;
  });
}

/**
 * An extra digest marked "on request" by `requestedBy`, after today's went out. Deduplicated per
 * local minute (`local.minutes`), so a double tap posts once. `sentToday`: when today's went out.
 */
export async function sendExtraDigest(
  deps: ServiceDeps,
  teamId: number,
  channel: { platform: OutboxPlatform; id: string },
  at: { now: Date; localDate: string; minutes: number },
  requestedBy: string,
): Promise<{ status: "sent"; sentToday: Date } | { status: "duplicate" }> {
  const run = await findJobRun(deps.store.db, DIGEST_JOB, digestRunKey(teamId, at.localDate));
  const message = await buildDigest(deps, teamId, at.now, { mode: "request", requestedBy });
  const minute = `${String(Math.floor(at.minutes / 60)).padStart(2, "0")}${String(at.minutes % 60).padStart(2, "0")}`;
  const outboxId = await insertOutboxOnce(deps.store.db, {
    teamId,
    kind: "digest",
    platform: channel.platform,
    channel: channel.id,
    payload: outboxPayload("digest", message),
    dedupeKey: `${digestDedupeKey(teamId, at.localDate)}:request:${minute}`,
    at: at.now,
  });
  return outboxId === null ? { status: "duplicate" } : { status: "sent", sentToday: run?.startedAt ?? at.now };
}

/** Whether the team's digest for today is due and not yet sent, at `now`: what the scheduler asks. */
export async function digestDueNow(
  deps: ServiceDeps,
  team: { id: number; timezone: string; digestTime: string; digestDays: string },
  now: Date,
): Promise<{ localDate: string; late: boolean } | null> {
  const due = digestDue(team, now);
  if (!due.due) return null;
  if (await findJobRun(deps.store.db, DIGEST_JOB, digestRunKey(team.id, due.localDate))) return null;
  return { localDate: due.localDate, late: due.late };
}
