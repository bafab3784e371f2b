/**
 * What the morning digest says: composed from the stored scores (composeDigest), or with the
 * team's due leads re-scored first (buildDigest). Data only; src/views/digest.view.ts words it.
 */
import { localClock, previousDate } from "../domain/digest-schedule.js";
import { scoreLead } from "../domain/score.js";
import type { LeadFacts, ScoringConfig } from "../domain/types.js";
import { digestLeads, digestSettings, memberLeadCounts, type DigestLeadRow } from "../store/digest.repository.js";
import { loadLeadsWithFacts } from "../store/lead-facts.repository.js";
import { loadTeamContext } from "./team-context.js";
import { DIGEST_SECTIONS, type DigestSection, type DigestSectionData } from "./digest-sections.js";
import type { ServiceDeps } from "./deps.js";
import { RESCORE_BATCH, rescoreTeamDueLeads } from "./rescore-due.service.js";
import { digestActivity, type DigestActivity } from "./team-stats.service.js";

/** "About to cool down" looks this many days ahead. */
export const COOLING_DAYS = 3;
const MOVERS_LIMIT = 5;
/** Hot leads checked for cooling down; beyond this the list says so. */
const COOLING_SCAN_LIMIT = 500;
const DAY_MS = 86_400_000;

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
  /** The top tier's key, so its default name is said in the team's language (absent in older rows). */
  hotKey?: string;
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
  coolingDown: Array<DigestLead & { at: Date; to: number; expiring: string[]; expiringKeys?: string[] }>;
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
): { at: Date; score: number; expiring: string[]; expiringKeys: string[] } | null {
  const current = scoreLead(config, facts, now);
  let at = now;
  let result = current;
  // Each step lands on the next instant the score changes; a few dozen cover any real lead.
  for (let step = 0; step < 64; step++) {
    if (result.score < hotMin) {
      const expired = current.breakdown.filter((c) => c.points > 0 && c.expiresAt !== null && c.expiresAt.getTime() <= at.getTime());
      return { at, score: result.score, expiring: expired.map((c) => c.label), expiringKeys: expired.map((c) => c.ruleKey) };
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
  const team = await loadTeamContext(deps.store.db, teamId);
  const localDate = localClock(now, team.timezone).date;
  const hotTier = team.config.tiers[0];
  const hotKey = hotTier?.key ?? "hot";
  const hotMin = hotTier?.min ?? null;
  const [rows, members, activity, extra] = await Promise.all([
    digestLeads(deps.store.db, teamId, hotKey, previousDate(localDate)),
    memberLeadCounts(deps.store.db, teamId, hotKey),
    digestActivity(deps.store.db, { id: teamId, timezone: team.timezone, hotMin, hotKey }, now),
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
    const facts = await loadLeadsWithFacts(deps.store.db, teamId, hotRows.slice(0, COOLING_SCAN_LIMIT).map((r) => r.id));
    for (const row of hotRows.slice(0, COOLING_SCAN_LIMIT)) {
      const entry = facts.get(row.id);
      const point = entry ? coolingPoint(team.config, entry.facts, hotMin, now, horizon) : null;
      if (point) coolingDown.push({ ...view(row), at: point.at, to: point.score, expiring: point.expiring, expiringKeys: point.expiringKeys });
    }
    coolingDown.sort((a, b) => a.at.getTime() - b.at.getTime() || b.score - a.score);
  }

  return {
    teamId,
    teamName: team.name,
    timezone: team.timezone,
    localDate,
    hotKey,
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
  const [digest, settings] = await Promise.all([composeDigest(deps, teamId, now), digestSettings(deps.store.db, teamId)]);
  return { digest, mode: options.mode ?? "scheduled", digestTime: settings.digestTime, requestedBy: options.requestedBy };
}
