import { diffConfigs, type ConfigDiff } from "../domain/config-diff.js";
import { scoreAtUnder } from "../domain/score.js";
import { tierFor } from "../domain/tiers.js";
import type { LeadFacts, ScoringConfig } from "../domain/types.js";
import type { ChangeSummary } from "../domain/edits.js";
import {
  dueLeadIdsOfTeam,
  leadNames,
  loadLeadsWithFacts,
  scanPreviewCandidates,
  storedScoresNotDue,
  touchedEvents,
} from "../store/lead-facts.repository.js";
import type { TeamContext } from "./team-context.js";
import type { Db, ReadBeside } from "../store/store.js";
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
  /** What the change does (src/domain/edits.ts); words are the view's. */
  summary: ChangeSummary;
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
export async function previewEffect(
  db: Db,
  team: TeamContext,
  proposed: ScoringConfig,
  now: Date,
  summary: ChangeSummary,
  /** A second connection on the same snapshot (Store.snapshot), for the stored scores. */
  beside: ReadBeside | null = null,
): Promise<PreviewEffect> {
  const current = team.config;
  const diff = diffConfigs(current, proposed);
  const [before, after] = [scoreAtUnder(current), scoreAtUnder(proposed)];
  const [touchedBefore, touchedAfter] = [scoreAtUnder(diff.current), scoreAtUnder(diff.proposed)];
  const tally = new TierTally();
  const movers: Mover[] = [];
  const named = new Map<number, string>();
  const move = (id: number, fromScore: number, toScore: number) => {
    const fromTier = tierFor(fromScore, current.tiers).key;
    const toTier = tierFor(toScore, proposed.tiers).key;
    tally.add(fromTier, toTier);
    if (fromScore !== toScore || fromTier !== toTier) movers.push({ id, name: "", fromScore, toScore, fromTier, toTier });
  };

  // The reads go out together: the database runs each as soon as it has answered the one before,
  // while the answers already in are worked through here. With a second connection, the stored
  // scores are read there meanwhile, on the other core.
  const dueRead = dueLeadIdsOfTeam(db, team.id, now);
  const storedRead = beside ? beside((other) => storedScoresNotDue(other, team.id, now)) : storedScoresNotDue(db, team.id, now);
  const touchedRead = diff.rulesChanged ? readTouched(db, team.id, diff, now) : null;
  // Each surfaces where it is awaited; until then a failure must not count as unhandled.
  for (const read of [dueRead, storedRead, touchedRead]) read?.catch(() => {});

  // Due leads: their stored score may be stale, so both sides come from all their facts.
  const due = await dueRead;
  for (let start = 0; start < due.length; start += DUE_BATCH) {
    const loaded = await loadLeadsWithFacts(db, team.id, due.slice(start, start + DUE_BATCH));
    for (const { lead, facts } of loaded.values()) {
      named.set(lead.id, lead.name);
      move(lead.id, before(facts, now), after(facts, now));
    }
  }

  // Every other lead keeps its stored score under the rules the change leaves alone.
  const stored = await storedRead;
  const deltas = touchedRead ? touchedDeltas(await touchedRead, new Set(due), now, touchedBefore, touchedAfter) : new Map<number, number>();
  // Leads the change leaves at their stored score can only change tier, and only where the
  // thresholds differ: each score's two tiers are worked out once, and leads counted by score.
  const unmoved = new Map<number, { fromTier: string; toTier: string; leads: number }>();
  for (let i = 0; i + 1 < stored.length; i += 2) {
    const id = stored[i]!;
    const score = stored[i + 1]!;
    const delta = deltas.get(id) ?? 0;
    if (delta !== 0) {
      move(id, score, score + delta);
      continue;
    }
    let tiers = unmoved.get(score);
    if (!tiers) unmoved.set(score, (tiers = { fromTier: tierFor(score, current.tiers).key, toTier: tierFor(score, proposed.tiers).key, leads: 0 }));
    tiers.leads += 1;
    if (tiers.fromTier !== tiers.toTier) movers.push({ id, name: "", fromScore: score, toScore: score, fromTier: tiers.fromTier, toTier: tiers.toTier });
  }
  for (const { fromTier, toTier, leads } of unmoved.values()) tally.add(fromTier, toTier, leads);
  // The plain computation lists movers by lead id; equal swings keep that order.
  movers.sort((a, b) => a.id - b.id);

  // Names only for the movers a preview shows by name: tier moves and the biggest swings.
  const shown = summarize(current, proposed, summary, due.length + stored.length / 2, tally, movers);
  const missing = [...shown.movedUp, ...shown.movedDown, ...shown.biggestMovers].map((m) => m.id).filter((id) => !named.has(id));
  for (const [id, name] of await leadNames(db, team.id, [...new Set(missing)])) named.set(id, name);
  for (const mover of movers) mover.name = named.get(mover.id) ?? mover.name;
  return shown;
}

/** What the rules a change touches read: their still-valid events, and the leads with their other facts. */
interface TouchedReads {
  events: { types: string[]; flat: Float64Array } | null;
  candidates: Array<{ id: number; facts: LeadFacts }>;
}

function readTouched(db: Db, teamId: number, diff: ConfigDiff, now: Date): Promise<TouchedReads> {
  const reads = diff.reads;
  // Only occurrences that can still count at `now` under some touched rule of their type.
  const events =
    reads.eventRules.length > 0 ? touchedEvents(db, teamId, scoringEventWindows({ ...diff.proposed, rules: reads.eventRules }, now)) : Promise.resolve(null);
  events.catch(() => {});
  const candidates = scanPreviewCandidates(db, teamId, {
    outcomes: reads.outcomes,
    frameworks: reads.frameworks,
    attributeFields: reads.attributeFields,
    cycle: reads.cycle,
  });
  return Promise.all([events, candidates]).then(([found, leads]) => ({ events: found, candidates: leads }));
}

/**
 * For the not-due leads the touched rules can score, how far the change moves their score (only
 * the leads it moves): the difference of their scores under the two sides of the diff, from the
 * facts those rules read. A lead without any such fact scores the same under both (every term it
 * could have is empty). A preview of a common event's rule reads a good share of a team's events:
 * each lead's come as one run (touchedEvents groups them), are scored in place from one reused
 * list per type, and nothing is kept per lead but a moved lead's delta.
 */
function touchedDeltas(
  { events, candidates }: TouchedReads,
  due: ReadonlySet<number>,
  now: Date,
  before: (facts: LeadFacts, at: Date) => number,
  after: (facts: LeadFacts, at: Date) => number,
): Map<number, number> {
  const deltas = new Map<number, number>();
  const others = new Map(candidates.map((c) => [c.id, c.facts]));
  const score = (id: number, facts: LeadFacts) => {
    if (due.has(id)) return;
    const delta = after(facts, now) - before(facts, now);
    if (delta !== 0) deltas.set(id, delta);
  };
  if (events) {
    const { types, flat } = events;
    const times = new TimesByType(types);
    // Scoring keeps nothing of the facts it is given: one object serves every lead with events alone.
    const eventsAlone: LeadFacts = { ...NO_FACTS, eventTimesByType: times };
    for (let i = 0; i + 2 < flat.length; ) {
      const id = flat[i]!;
      times.clear();
      for (; i + 2 < flat.length && flat[i] === id; i += 3) times.add(flat[i + 1]! - 1, flat[i + 2]!);
      const found = others.get(id);
      if (found) others.delete(id);
      score(id, found ? { ...found, eventTimesByType: times } : eventsAlone);
    }
  }
  // Leads with other facts the touched rules read, and no touched event.
  for (const [id, facts] of others) score(id, { ...facts, eventTimesByType: NO_EVENTS });
  return deltas;
}

/** Facts scoring only reads: the rest of a lead the preview scores from its touched events alone. */
const NO_FACTS: LeadFacts = Object.freeze({ attributes: Object.freeze({}), events: [], outcomes: [], qualification: [] }) as LeadFacts;
const NO_EVENTS: ReadonlyMap<string, readonly number[]> = new Map();

/** One lead's touched events at a time: ascending times per type, the lists reused lead after lead. */
class TimesByType {
  private readonly lists: number[][];
  private readonly positions: ReadonlyMap<string, number>;

  constructor(types: readonly string[]) {
    this.lists = types.map(() => []);
    this.positions = new Map(types.map((type, i) => [type, i]));
  }

  clear(): void {
    for (const list of this.lists) list.length = 0;
  }

  add(position: number, at: number): void {
    this.lists[position]!.push(at);
  }

  get(type: string): readonly number[] | undefined {
    const position = this.positions.get(type);
    return position === undefined ? undefined : this.lists[position];
  }
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
  summary: ChangeSummary,
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
  summary: ChangeSummary,
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
