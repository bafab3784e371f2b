import { describeDays, daysToCron, digestDaySet, digestDue, localClock, parseDigestTime, previousDate } from "../domain/digest-schedule.js";
import { scoreLead } from "../domain/score.js";
import type { LeadFacts, ScoringConfig } from "../domain/types.js";
import {
  claimJobRun,
  digestLeads,
  digestSettings,
  findJobRun,
  finishJobRun,
  insertOutboxOnce,
  lastJobRun,
  memberLeadCounts,
  updateDigestSettings,
  type DigestLeadRow,
  type DigestSettingsRow,
} from "../store/digest.repository.js";
import { loadLeadsWithFacts } from "../store/lead-facts.repository.js";
import { loadTeamContext, setTeamChannel } from "../store/team.repository.js";
import { sqlOf } from "../store/types.js";
import { isManager, type Actor } from "./actor.js";
import { deliveryProblem, type DeliveryProblem } from "./delivery-problem.service.js";
import { DIGEST_SECTIONS, type DigestSection, type DigestSectionData } from "./digest-sections.js";
import type { ServiceDeps } from "./deps.js";
import { RESCORE_BATCH, rescoreTeamDueLeads } from "./rescore-due.service.js";
import { outboxPayload } from "./outbox-message.js";
import { forbidden, invalid, ok, type Result } from "./result.js";
import { digestActivity, type DigestActivity } from "./team-stats.service.js";

/** The JobRun `job` of the scheduled digest; its runKey is `<teamId>:<local date>`. */
export const DIGEST_JOB = "digest";
/** "About to cool down" looks this many days ahead. */
export const COOLING_DAYS = 3;
const MOVERS_LIMIT = 5;
/** Hot leads checked for cooling down; beyond this the list says so. */
const COOLING_SCAN_LIMIT = 500;
const DAY_MS = 86_400_000;

export const DIGEST_MANAGERS_ONLY = "Only managers and admins can change or send the digest. /digest preview shows it to you.";

export const digestRunKey = (teamId: number, localDate: string): string => `${teamId}:${localDate}`;
export const digestDedupeKey = (teamId: number, localDate: string): string => `digest:${teamId}:${localDate}`;

// ---- What the digest says ----------------------------------------------------------------

export interface DigestLead {
  id: number;
  name: string;
  company: string | null;
  score: number;
  owner: string | null;
}

export interface Digest {
  teamId: number;
  teamName: string;
  timezone: string;
  localDate: string;
  hotLabel: string;
  /** Every open hot lead, highest score first. */
  hot: DigestLead[];
  /** Hot now, and not hot at the start of yesterday (or new since). */
  newHot: DigestLead[];
  /** Largest score changes since the start of yesterday, either way. */
  movers: Array<DigestLead & { from: number; delta: number }>;
  /** How many days ahead `coolingDown` looks (COOLING_DAYS). */
  coolingDays: number;
  /** Hot leads whose points expiring within `coolingDays` take them below hot. */
  coolingDown: Array<DigestLead & { at: Date; to: number; expiring: string[] }>;
  unclaimed: DigestLead[];
  /** Per teammate: open leads they own and how many are hot (reps always, others if they own any). */
  reps: Array<{ name: string; hot: number; claimed: number }>;
  /** The last 7 days per rep (hot claimed, meetings, won, first call), and alert fatigue. */
  activity: DigestActivity;
  /** What the extra sections (digest-sections.ts) say, in order. */
  extra: DigestSectionData[];
}

/** When a hot lead first falls below `hotMin` before `horizon`, following its own next changes. */
export function coolingPoint(
  config: ScoringConfig,
  facts: LeadFacts,
  hotMin: number,
  now: Date,
  horizon: Date,
): { at: Date; score: number; expiring: string[] } | null {
  const current = scoreLead(config, facts, now);
  let at = now;
  let result = current;
  // Each step lands on the next instant the score changes; a few dozen cover any real lead.
  for (let step = 0; step < 64; step++) {
    if (result.score < hotMin) {
      const expiring = current.breakdown
        .filter((c) => c.points > 0 && c.expiresAt !== null && c.expiresAt.getTime() <= at.getTime())
        .map((c) => c.label);
      return { at, score: result.score, expiring };
    }
    if (result.nextChangeAt === null || result.nextChangeAt.getTime() > horizon.getTime()) return null;
    at = result.nextChangeAt;
    result = scoreLead(config, facts, at);
  }
  return null;
}

/** Runs the extra sections; one that fails leaves a note instead of stopping the digest. */
async function extraSections(deps: ServiceDeps, teamId: number, now: Date, sections: readonly DigestSection[]): Promise<DigestSectionData[]> {
  const built = await Promise.all(sections.map((section) => section(deps, teamId, now).catch((): DigestSectionData => ({ section: "unavailable" }))));
  return built.filter((s) => s !== null);
}

/**
 * What the digest says at `now`, from the stored scores (call after bringing them up to date).
 * "Since yesterday" compares with each lead's latest daily snapshot before yesterday's local
 * date, so a lead that turned hot any time yesterday or today counts as new.
 */
export async function composeDigest(
  deps: ServiceDeps,
  teamId: number,
  now: Date,
  sections: readonly DigestSection[] = DIGEST_SECTIONS,
): Promise<Digest> {
  const team = await loadTeamContext(deps.db, teamId);
  const sql = sqlOf(deps.db);
  const localDate = localClock(now, team.timezone).date;
  const hotTier = team.config.tiers[0];
  const hotKey = hotTier?.key ?? "hot";
  const hotMin = hotTier?.min ?? null;
  const [rows, members, activity, extra] = await Promise.all([
    digestLeads(sql, teamId, hotKey, previousDate(localDate)),
    memberLeadCounts(sql, teamId, hotKey),
    digestActivity(deps.db, { id: teamId, timezone: team.timezone, hotMin, hotKey }, now),
    extraSections(deps, teamId, now, sections),
  ]);
  const view = (r: DigestLeadRow): DigestLead => ({ id: r.id, name: r.name, company: r.company, score: r.score, owner: r.owner });
  const hotRows = rows.filter((r) => r.tier === hotKey);

  const movers = rows
    .filter((r) => r.beforeScore !== null && r.beforeScore !== r.score)
    .map((r) => ({ ...view(r), from: r.beforeScore!, delta: r.score - r.beforeScore! }))
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || b.score - a.score || a.id - b.id)
    .slice(0, MOVERS_LIMIT);

  const coolingDown: Digest["coolingDown"] = [];
  if (hotMin !== null && hotRows.length > 0) {
    const horizon = new Date(now.getTime() + COOLING_DAYS * DAY_MS);
    const facts = await loadLeadsWithFacts(sql, teamId, hotRows.slice(0, COOLING_SCAN_LIMIT).map((r) => r.id));
    for (const row of hotRows.slice(0, COOLING_SCAN_LIMIT)) {
      const entry = facts.get(row.id);
      const point = entry ? coolingPoint(team.config, entry.facts, hotMin, now, horizon) : null;
      if (point) coolingDown.push({ ...view(row), at: point.at, to: point.score, expiring: point.expiring });
    }
    coolingDown.sort((a, b) => a.at.getTime() - b.at.getTime() || b.score - a.score);
  }

  return {
    teamId,
    teamName: team.name,
    timezone: team.timezone,
    localDate,
    hotLabel: hotTier?.label ?? "Hot",
    hot: hotRows.map(view),
    newHot: hotRows.filter((r) => r.beforeTier !== hotKey).map(view),
    movers,
    coolingDays: COOLING_DAYS,
    coolingDown,
    unclaimed: hotRows.filter((r) => r.ownerId === null).map(view),
    reps: members.filter((m) => m.role === "rep" || m.claimed > 0).map((m) => ({ name: m.name, hot: m.hot, claimed: m.claimed })),
    activity,
    extra,
  };
}

export type DigestMode = "scheduled" | "late" | "request" | "preview";

/** What a digest message says: the digest, and how it came to be sent (src/views/digest.view.ts words it). */
export interface DigestMessage {
  digest: Digest;
  /** `late` and `request` say so in the header; `preview` says nothing was posted. */
  mode: DigestMode;
  /** The team's digest time, for "sent late: the bot was not running at …". */
  digestTime?: string;
  /** Who asked for an extra digest (`request`). */
  requestedBy?: string;
}

/** Brings the team's scores up to date, then composes what its digest message says. */
export async function buildDigest(
  deps: ServiceDeps,
  teamId: number,
  now: Date,
  options: { mode?: DigestMode; requestedBy?: string } = {},
): Promise<DigestMessage> {
  // Every due lead, batch after batch: re-scored leads move their next change past `now`.
  for (let round = 0; round < 100; round++) {
    const done = await rescoreTeamDueLeads(deps, teamId, { now, wait: true });
    if (!done || done.rescored < RESCORE_BATCH) break;
  }
  const [digest, settings] = await Promise.all([composeDigest(deps, teamId, now), digestSettings(deps.db, teamId)]);
  return { digest, mode: options.mode ?? "scheduled", digestTime: settings.digestTime, requestedBy: options.requestedBy };
}

// ---- Sending it once ---------------------------------------------------------------------

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
  if (await findJobRun(deps.db, DIGEST_JOB, runKey)) return { status: "already_sent" };
  const settings = await digestSettings(deps.db, teamId);
  if (!settings.channel) return { status: "no_channel" };
  const channel = settings.channel;
  const message = await buildDigest(deps, teamId, now, { mode: options.late ? "late" : "scheduled" });
  return deps.db.$transaction(async (tx) => {
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

// ---- What people ask for (/digest) -------------------------------------------------------

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
  const settings = await digestSettings(deps.db, actor.teamId);
  const today = localClock(deps.clock(), settings.timezone).date;
  const [todayRun, last, problem] = await Promise.all([
    findJobRun(deps.db, DIGEST_JOB, digestRunKey(actor.teamId, today)),
    lastJobRun(deps.db, DIGEST_JOB, actor.teamId),
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
  const settings = await digestSettings(deps.db, actor.teamId);
  if (!settings.channel) return invalid("The digest has no channel yet. Type /digest channel in the chat where it should go.");
  const now = deps.clock();
  const local = localClock(now, settings.timezone);
  const sent = await sendDigest(deps, actor.teamId, local.date, { late: false });
  if (sent.status === "sent") return ok({ kind: "today", channel: settings.channel });
  const run = await findJobRun(deps.db, DIGEST_JOB, digestRunKey(actor.teamId, local.date));
  const message = await buildDigest(deps, actor.teamId, now, { mode: "request", requestedBy: actor.name });
  const minute = `${String(Math.floor(local.minutes / 60)).padStart(2, "0")}${String(local.minutes % 60).padStart(2, "0")}`;
  const outboxId = await insertOutboxOnce(deps.db, {
    teamId: actor.teamId,
    kind: "digest",
    platform: settings.channel.platform,
    channel: settings.channel.id,
    payload: outboxPayload("digest", message),
    dedupeKey: `${digestDedupeKey(actor.teamId, local.date)}:request:${minute}`,
    at: now,
  });
  if (outboxId === null) return ok({ kind: "duplicate" });
  return ok({ kind: "extra", channel: settings.channel, sentToday: run?.startedAt ?? now });
}

export async function setDigestTime(deps: ServiceDeps, actor: Actor, text: string): Promise<Result<{ time: string; timezone: string }>> {
  if (!isManager(actor)) return forbidden(DIGEST_MANAGERS_ONLY);
  const time = parseDigestTime(text);
  if (!time) return invalid(`"${text}" is not a time of day. Use 24-hour HH:MM, e.g. 08:30.`);
  await updateDigestSettings(deps.db, actor.teamId, { digestTime: time });
  const settings = await digestSettings(deps.db, actor.teamId);
  return ok({ time, timezone: settings.timezone });
}

export async function setDigestDays(deps: ServiceDeps, actor: Actor, text: string): Promise<Result<{ days: string }>> {
  if (!isManager(actor)) return forbidden(DIGEST_MANAGERS_ONLY);
  const days = digestDaySet(text);
  if (!days) return invalid(`"${text}" is not a set of days. Try mon-fri, mon,wed,fri, daily or 1-5.`);
  const cron = daysToCron(days);
  await updateDigestSettings(deps.db, actor.teamId, { digestDays: cron });
  return ok({ days: describeDays(cron) });
}

/** Points the team's alerts and digest at the chat the manager typed in. */
export async function setDigestChannel(
  deps: ServiceDeps,
  actor: Actor,
  place: { platform: "slack" | "telegram" | "console"; channelId: string } | undefined,
): Promise<Result<{ platform: "slack" | "telegram"; channelId: string }>> {
  if (!isManager(actor)) return forbidden(DIGEST_MANAGERS_ONLY);
  if (!place || place.platform === "console") {
    return invalid("Alerts and digests go to a Slack channel or a Telegram group. Type /digest channel there.");
  }
  await setTeamChannel(deps.db, actor.teamId, place.platform, place.channelId);
  return ok({ platform: place.platform, channelId: place.channelId });
}

/** Whether the team's digest for today is due and not yet sent, at `now`: what the scheduler asks. */
export async function digestDueNow(
  deps: ServiceDeps,
  team: { id: number; timezone: string; digestTime: string; digestDays: string },
  now: Date,
): Promise<{ localDate: string; late: boolean } | null> {
  const due = digestDue(team, now);
  if (!due.due) return null;
  if (await findJobRun(deps.db, DIGEST_JOB, digestRunKey(team.id, due.localDate))) return null;
  return { localDate: due.localDate, late: due.late };
}
