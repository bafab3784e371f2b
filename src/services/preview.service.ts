import { diffConfigs, type ConfigDiff } from "../domain/config-diff.js";
import { scoreAt } from "../domain/score.js";
import { tierFor } from "../domain/tiers.js";
import type { LeadFacts, ScoringConfig } from "../domain/types.js";
import {
  dueLeadIdsOfTeam,
  leadNames,
  loadLeadsWithFacts,
  scanPreviewCandidates,
  storedScoresNotDue,
  touchedEvents,
} from "../store/lead-facts.repository.js";
import type { TeamContext } from "./team-context.js";
import type { Db } from "../store/store.js";
import { scoreTeamUnder, scoringEventWindows } from "./scoring.service.js";

export interface Mover {
  id: number;
  name: string;
  fromScore: number;
  toScore: number;
  fromTier: string;
  toTier: string;
}

/** What a change would do, computed without writing anything. */
export interface PreviewEffect {
  summary: string;
  leadsScored: number;
  /** Tier counts before and after, keyed by tier key. */
  tierCounts: Array<{ tier: string; label: string; before: number; after: number }>;
  hotTier: string;
  movedUp: Mover[];
  movedDown: Mover[];
  biggestMovers: Mover[];
}

/** Due leads are loaded with all their facts this many at a time. */
const DUE_BATCH = 2_000;

/**
 * The effect of scoring the team under `proposed` instead of its current configuration, equal to
 * scoring every lead twice (previewEffectByFullScan) but reading far less.
 *
 * It relies on what every write path keeps true: a lead's stored score is its score under the
 * current configuration until its `nextChangeAt`. So a lead that is not due keeps its stored
 * score "before", and "after" differs from it only by what the rules the change touches add
 * (see config-diff): those are scored from the few facts they read, for the leads that have
 * such facts. Due leads are scored in full. Tier moves with no score change follow from stored
 * scores. Run it inside one transaction so every read sees the same data.
 */
export async function previewEffect(db: Db, team: TeamContext, proposed: ScoringConfig, now: Date, summary: string): Promise<PreviewEffect> {
  const current = team.config;
  const diff = diffConfigs(current, proposed);
  const tally = new TierTally();
  const movers: Mover[] = [];
  const named = new Map<number, string>();
  const move = (id: number, fromScore: number, toScore: number) => {
    const fromTier = tierFor(fromScore, current.tiers).key;
    const toTier = tierFor(toScore, proposed.tiers).key;
    tally.add(fromTier, toTier);
    if (fromScore !== toScore || fromTier !== toTier) movers.push({ id, name: "", fromScore, toScore, fromTier, toTier });
  };

  // Due leads: their stored score may be stale, so both sides come from all their facts.
  const due = await dueLeadIdsOfTeam(db, team.id, now);
  for (let start = 0; start < due.length; start += DUE_BATCH) {
    const loaded = await loadLeadsWithFacts(db, team.id, due.slice(start, start + DUE_BATCH));
    for (const { lead, facts } of loaded.values()) {
      named.set(lead.id, lead.name);
      move(lead.id, scoreAt(current, facts, now), scoreAt(proposed, facts, now));
    }
  }

  // Every other lead keeps its stored score under the rules the change leaves alone.
  const stored = await storedScoresNotDue(db, team.id, now);
  const partial = diff.rulesChanged ? await touchedFacts(db, team.id, diff, now, stored) : new Map<number, LeadFacts>();
  // Leads the change leaves at their stored score, by score: they can only change tier, and only
  // where the thresholds differ, so each score's tiers are worked out once.
  const unmoved = new Map<number, number[]>();
  for (const [id, score] of stored) {
    const facts = partial.get(id);
    const delta = facts ? scoreAt(diff.proposed, facts, now) - scoreAt(diff.current, facts, now) : 0;
    if (delta !== 0) move(id, score, score + delta);
    else {
      const ids = unmoved.get(score);
      if (ids) ids.push(id);
      else unmoved.set(score, [id]);
    }
  }
  for (const [score, ids] of unmoved) {
    const fromTier = tierFor(score, current.tiers).key;
    const toTier = tierFor(score, proposed.tiers).key;
    tally.add(fromTier, toTier, ids.length);
    if (fromTier !== toTier) for (const id of ids) movers.push({ id, name: "", fromScore: score, toScore: score, fromTier, toTier });
  }
  // The plain computation lists movers by lead id; equal swings keep that order.
  movers.sort((a, b) => a.id - b.id);

  // Names only for the movers a preview shows by name: tier moves and the biggest swings.
  const shown = summarize(current, proposed, summary, due.length + stored.size, tally, movers);
  const missing = [...shown.movedUp, ...shown.movedDown, ...shown.biggestMovers].map((m) => m.id).filter((id) => !named.has(id));
  for (const [id, name] of await leadNames(db, team.id, [...new Set(missing)])) named.set(id, name);
  for (const mover of movers) mover.name = named.get(mover.id) ?? mover.name;
  return shown;
}

/**
 * For the not-due leads that have any, the facts the touched rules read; a lead without any
 * scores the same under both sides of the diff (every term it could have is empty).
 */
async function touchedFacts(db: Db, teamId: number, diff: ConfigDiff, now: Date, stored: Map<number, number>): Promise<Map<number, LeadFacts>> {
  const reads = diff.reads;
  const facts = new Map<number, LeadFacts>();
  const factsOf = (id: number): LeadFacts => {
    let entry = facts.get(id);
    if (!entry) facts.set(id, (entry = { attributes: {}, events: [], outcomes: [], qualification: [] }));
    return entry;
  };
  if (reads.eventRules.length > 0) {
    // Only occurrences that can still count at `now` under some touched rule of their type.
    const windows = scoringEventWindows({ ...diff.proposed, rules: reads.eventRules }, now);
    const { types, flat } = await touchedEvents(db, teamId, windows);
    for (let i = 0; i + 2 < flat.length; i += 3) {
      const id = flat[i]!;
      if (stored.has(id)) factsOf(id).events.push({ type: types[flat[i + 1]! - 1]!, occurredAt: new Date(flat[i + 2]!) });
    }
  }
  const candidates = await scanPreviewCandidates(db, teamId, {
    outcomes: reads.outcomes,
    frameworks: reads.frameworks,
    attributeFields: reads.attributeFields,
    cycle: reads.cycle,
  });
  for (const { id, facts: found } of candidates) {
    if (stored.has(id)) facts.set(id, { ...found, events: facts.get(id)?.events ?? [] });
  }
  return facts;
}

/**
 * The same effect computed the plain way: every lead's facts read and scored under both
 * configurations. The reference the fast preview is tested against.
 */
export async function previewEffectByFullScan(
  db: Db,
  team: TeamContext,
  proposed: ScoringConfig,
  now: Date,
  summary: string,
): Promise<PreviewEffect> {
  const scored = await scoreTeamUnder(db, team, proposed, now);
  const tally = new TierTally();
  const movers: Mover[] = [];
  for (const s of scored) {
    tally.add(s.before.tier, s.after.tier.key);
    if (s.before.score !== s.after.score || s.before.tier !== s.after.tier.key) {
      movers.push({ id: s.id, name: s.name, fromScore: s.before.score, toScore: s.after.score, fromTier: s.before.tier, toTier: s.after.tier.key });
    }
  }
  return summarize(team.config, proposed, summary, scored.length, tally, movers);
}

/** How many leads are in each tier before and after. */
export class TierTally {
  readonly before = new Map<string, number>();
  readonly after = new Map<string, number>();

  add(before: string, after: string, leads = 1): void {
    this.before.set(before, (this.before.get(before) ?? 0) + leads);
    this.after.set(after, (this.after.get(after) ?? 0) + leads);
  }
}

function tierRank(config: ScoringConfig, key: string): number {
  const index = config.tiers.findIndex((t) => t.key === key);
  return index === -1 ? config.tiers.length : index;
}

/** `movers` in lead id order; equal swings keep that order. */
export function summarize(
  current: ScoringConfig,
  proposed: ScoringConfig,
  summary: string,
  leadsScored: number,
  tally: TierTally,
  movers: Mover[],
): PreviewEffect {
  const rankBefore = (m: Mover) => tierRank(current, m.fromTier);
  const rankAfter = (m: Mover) => tierRank(proposed, m.toTier);
  const bySwing = (a: Mover, b: Mover) => Math.abs(b.toScore - b.fromScore) - Math.abs(a.toScore - a.fromScore);
  return {
    summary,
    leadsScored,
    tierCounts: proposed.tiers.map((t) => ({ tier: t.key, label: t.label, before: tally.before.get(t.key) ?? 0, after: tally.after.get(t.key) ?? 0 })),
    hotTier: proposed.tiers[0]!.key,
    movedUp: movers.filter((m) => rankAfter(m) < rankBefore(m)).sort(bySwing),
    movedDown: movers.filter((m) => rankAfter(m) > rankBefore(m)).sort(bySwing),
    biggestMovers: movers.slice().sort(bySwing).slice(0, 5),
  };
}
