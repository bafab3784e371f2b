/**
 * What people ask of the digest (/digest): its settings and state, a preview, sending it now,
 * and (managers) its time, days and channel. Composing it is digest-compose.service.ts,
 * sending it once digest-send.service.ts.
 */
import { describeDays, daysToCron, digestDaySet, localClock, parseDigestTime } from "../domain/digest-schedule.js";
import type { OutboxPlatform, Platform } from "../platforms/names.js";
import { digestSettings, findJobRun, lastJobRun, updateDigestSettings, type DigestSettingsRow } from "../store/digest.repository.js";
import { setTeamChannel } from "../store/team.repository.js";
import { isManager, type Actor } from "./actor.js";
import { deliveryProblem, type DeliveryProblem } from "./delivery-problem.service.js";
import { buildDigest, type DigestMessage } from "./digest-compose.service.js";
import { DIGEST_JOB, digestRunKey, sendDigest, sendExtraDigest } from "./digest-send.service.js";
import type { ServiceDeps } from "./deps.js";
import { forbidden, invalid, ok, type Result } from "./result.js";

export const DIGEST_MANAGERS_ONLY = { reason: "managers_only", what: "digest" } as const;

export interface DigestOverview {
  settings: DigestSettingsRow;
  days: string;
  /** When today's digest went out, if it has. */
  sentToday: Date | null;
  lastSent: Date | null;
  /** Set while the platform refuses, for good, what is sent to the team's chat. */
  deliveryProblem: DeliveryProblem | null;
}

export async function digestOverview(deps: ServiceDeps, actor: Actor): Promise<Result<DigestOverview>> {
  const settings = await digestSettings(deps.store.db, actor.teamId);
  const today = localClock(deps.clock(), settings.timezone).date;
  const [todayRun, last, problem] = await Promise.all([
    findJobRun(deps.store.db, DIGEST_JOB, digestRunKey(actor.teamId, today)),
    lastJobRun(deps.store.db, DIGEST_JOB, actor.teamId),
    deliveryProblem(deps, actor.teamId),
  ]);
  return ok({
    settings,
    days: describeDays(settings.digestDays),
    sentToday: todayRun?.startedAt ?? null,
    lastSent: last?.startedAt ?? null,
    deliveryProblem: settings.channel ? problem : null,
  });
}

/** Today's digest as the person asking would see it; nothing is posted. */
export async function previewDigest(deps: ServiceDeps, actor: Actor): Promise<Result<DigestMessage>> {
  return ok(await buildDigest(deps, actor.teamId, deps.clock(), { mode: "preview" }));
}

export type SendNowResult =
  | { kind: "today"; channel: { platform: string; id: string } }
  | { kind: "extra"; channel: { platform: string; id: string }; sentToday: Date }
  | { kind: "duplicate" };

/**
 * `/digest now`. Before today's digest went out it sends today's (the scheduled one then does
 * not go out again). After it, it posts an extra digest marked "on request", deduplicated per
 * minute so a double tap posts once.
 */
export async function sendDigestNow(deps: ServiceDeps, actor: Actor): Promise<Result<SendNowResult>> {
  if (!isManager(actor)) return forbidden(DIGEST_MANAGERS_ONLY);
  const settings = await digestSettings(deps.store.db, actor.teamId);
  if (!settings.channel) return invalid({ reason: "digest_no_channel" });
  const now = deps.clock();
  const local = localClock(now, settings.timezone);
  const sent = await sendDigest(deps, actor.teamId, local.date, { late: false });
  if (sent.status === "sent") return ok({ kind: "today", channel: settings.channel });
  const extra = await sendExtraDigest(deps, actor.teamId, settings.channel, { now, localDate: local.date, minutes: local.minutes }, actor.name);
  if (extra.status === "duplicate") return ok({ kind: "duplicate" });
  return ok({ kind: "extra", channel: settings.channel, sentToday: extra.sentToday });
}

export async function setDigestTime(deps: ServiceDeps, actor: Actor, text: string): Promise<Result<{ time: string; timezone: string }>> {
  if (!isManager(actor)) return forbidden(DIGEST_MANAGERS_ONLY);
  const time = parseDigestTime(text);
  if (!time) return invalid({ reason: "digest_time_unreadable", typed: text });
  await updateDigestSettings(deps.store.db, actor.teamId, { digestTime: time });
  const settings = await digestSettings(deps.store.db, actor.teamId);
  return ok({ time, timezone: settings.timezone });
}

export async function setDigestDays(deps: ServiceDeps, actor: Actor, text: string): Promise<Result<{ days: string }>> {
  if (!isManager(actor)) return forbidden(DIGEST_MANAGERS_ONLY);
  const days = digestDaySet(text);
  if (!days) return invalid({ reason: "digest_days_unreadable", typed: text });
  const cron = daysToCron(days);
  await updateDigestSettings(deps.store.db, actor.teamId, { digestDays: cron });
  return ok({ days: describeDays(cron) });
}

/** Points the team's alerts and digest at the chat the manager typed in. */
export async function setDigestChannel(
  deps: ServiceDeps,
  actor: Actor,
  place: { platform: Platform; channelId: string } | undefined,
): Promise<Result<{ platform: OutboxPlatform; channelId: string }>> {
  if (!isManager(actor)) return forbidden(DIGEST_MANAGERS_ONLY);
  if (!place || place.platform === "console") {
    return invalid({ reason: "digest_channel_unsupported" });
  }
  await setTeamChannel(deps.store.db, actor.teamId, place.platform, place.channelId);
  return ok({ platform: place.platform, channelId: place.channelId });
}
