import { scoreLead, scoreState } from "../domain/score.js";
import { stageAfterScore } from "../domain/stages.js";
import type { ScoreResult, ScoringConfig, Stage } from "../domain/types.js";
import { DAY_MS } from "../domain/exact.js";
import { diffConfigs } from "../domain/config-diff.js";
import { tierFor } from "../domain/tiers.js";
import {
  countTeamLeads,
  dueLeadIdsOfTeam,
  leadIdsWithEvents,
  loadLeadsWithFacts,
  scanPreviewCandidates,
  scanTeamLeadsWithFacts,
  storedScoresNotDue,
  writeScores,
  writeStageChanges,
  type EventWindow,
  type LeadWithFacts,
  type ScoreWrite,
  type StageWrite,
  type TeamScanOptions,
} from "../store/lead-facts.repository.js";
import { mqlMin, type TeamContext } from "./team-context.js";
import type { Db } from "../store/store.js";
import { localDay } from "./clock.js";

/** A lead whose stored score, tier or stage moved. Alerts and digests build on these. */
export interface ScoreChange {
  leadId: number;
  name: string;
  from: { score: number; tier: string; stage: Stage };
  to: { score: number; tier: string; stage: Stage };
}

/**
 * A full re-score writes once this many leads changed, without waiting for the write: the
 * database stores one batch while the next is scored.
 */
const WRITE_BATCH = 2_000;

/** What scoring the loaded leads under one config produces, before it is written. */
class ScoreBatch {
  readonly writes: ScoreWrite[] = [];
  readonly stageWrites: StageWrite[] = [];
  readonly changes: ScoreChange[] = [];

  constructor(
    private readonly config: ScoringConfig,
    private readonly mqlThreshold: number,
    private readonly now: Date,
  ) {}

  add({ lead, facts }: LeadWithFacts): void {
    const result = scoreState(this.config, facts, this.now);
    const stage = stageAfterScore(lead.stage, result.score, this.mqlThreshold);
    const nextChangeAt = result.nextChangeAt?.getTime() ?? null;
    const moved = result.score !== lead.score || result.tier.key !== lead.tier || stage !== lead.stage;
    if (!moved && nextChangeAt === lead.nextChangeAt) return;
    this.writes.push({ id: lead.id, score: result.score, tier: result.tier.key, stage, nextChangeAt: result.nextChangeAt });
    if (stage !== lead.stage) {
      this.stageWrites.push({ leadId: lead.id, from: lead.stage, to: stage, reason: `score reached ${result.score}` });
    }
    if (moved) {
      this.changes.push({
        leadId: lead.id,
        name: lead.name,
        from: { score: lead.score, tier: lead.tier, stage: lead.stage },
        to: { score: result.score, tier: result.tier.key, stage },
      });
    }
  }

  /** The write in flight: the connection runs it between the reads, while scoring goes on here. */
  private writing: Promise<void> = Promise.resolve();

  /** Once a write's worth is gathered, starts storing it without waiting (after the one before). */
  async flushWhenFull(db: Db, team: TeamContext, memberId: number | null, day: string): Promise<void> {
    if (this.writes.length < WRITE_BATCH) return;
    await this.writing;
    this.writing = this.flush(db, team, memberId, day);
    // A failed write surfaces at the next await; until then it must not count as unhandled.
    this.writing.catch(() => {});
  }

  /** Stores the rest, after the write in flight. */
  async finish(db: Db, team: TeamContext, memberId: number | null, day: string): Promise<void> {
    await this.writing;
    await this.flush(db, team, memberId, day);
  }

  /** Stores the scores (with the snapshots of the days they close) and stage moves gathered since the last flush. */
  async flush(db: Db, team: TeamContext, memberId: number | null, day: string): Promise<void> {
    // Taken now: scoring may add to the batch while these are written.
    const writes = this.writes.splice(0);
    const stageWrites = this.stageWrites.splice(0);
    await writeScores(db, team.id, writes, this.now, day);
    await writeStageChanges(db, team.id, stageWrites, this.now, memberId);
  }
}

/**
 * Re-scores the given leads under `config` (by default the team's own) and stores what
 * changed, with the snapshot of the day each lead was scored on before (when not today) and any
 * MQL stage move. Run it inside the transaction of whatever caused the change, so the stored
 * score never disagrees with the data.
 */
export async function rescoreLeads(
  db: Db,
  team: TeamContext,
  leadIds: number[],
  now: Date,
  options: { memberId?: number | null; config?: ScoringConfig } = {},
): Promise<ScoreChange[]> {
  const config = options.config ?? team.config;
  const batch = new ScoreBatch(config, mqlMin({ ...team, config }), now);
  const loaded = await loadLeadsWithFacts(db, team.id, leadIds);
  for (const entry of loaded.values()) batch.add(entry);
  await batch.flush(db, team, options.memberId ?? null, localDay(now, team.timezone));
  return batch.changes;
}

/**
 * Re-scores every lead of a team in one pass over its facts, writing what changed in large
 * batches. Only events that can still count are read (see scoringEventWindows).
 */
export async function rescoreTeam(
  db: Db,
  team: TeamContext,
  now: Date,
  options: { memberId?: number | null; config?: ScoringConfig } = {},
): Promise<ScoreChange[]> {
  const config = options.config ?? team.config;
  const batch = new ScoreBatch(config, mqlMin({ ...team, config }), now);
  const memberId = options.memberId ?? null;
  const day = localDay(now, team.timezone);
  for await (const leads of scanTeamLeadsWithFacts(db, team.id, teamScanOptions(config, now))) {
    for (const entry of leads) batch.add(entry);
    await batch.flushWhenFull(db, team, memberId, day);
  }
  await batch.finish(db, team, memberId, day);
  return batch.changes.sort((a, b) => a.leadId - b.leadId);
}

/** The share of a team's leads past which rescoreAfterChange scans every lead instead (bench/run.ts). */
const SCAN_SHARE = 0.75;

/**
 * Re-scores a team whose scoring configuration changes from `team.config` to `proposed`, and
 * stores exactly what rescoreTeam under `proposed` would (test/services/rescore-change.test.ts
 * holds the two equal for random teams, times and changes), reading only the leads whose
 * result can differ from what is stored.
 *
 * It relies on what the preview does (src/services/preview.service.ts): every write path keeps a
 * lead's stored score, tier, stage and next change equal to its result under the current
 * configuration until its `nextChangeAt`. So a lead that is not due can only move when a rule
 * the change touches (see config-diff) reads one of its facts, or when its stored score lands in
 * another tier, or on the other side of the MQL threshold, under the proposed thresholds. Those
 * leads and the due ones are re-scored from all their facts, which the team scan reads for them
 * alone (looked up lead by lead, a lead's events cost several times what the scan pays); the
 * rest are left as they are. When they are most of the team, every lead is scanned as
 * rescoreTeam does, which is then faster.
 */
export async function rescoreAfterChange(
  db: Db,
  team: TeamContext,
  proposed: ScoringConfig,
  now: Date,
  /** `scanShare`: the share of the team's leads past which every lead is scanned instead (tests set it to Infinity). */
  options: { memberId?: number | null; scanShare?: number } = {},
): Promise<ScoreChange[]> {
  const changed = { ...team, config: proposed };
  const batch = new ScoreBatch(proposed, mqlMin(changed), now);
  const memberId = options.memberId ?? null;
  const day = localDay(now, team.timezone);
  const [ids, leads] = await Promise.all([leadsAChangeCanMove(db, team, proposed, now), countTeamLeads(db, team.id)]);
  // Past a share of the team, scanning every lead is the faster way to the same result: the
  // filtered scan still walks the scored events' index entries of every lead.
  if (ids.length > leads * (options.scanShare ?? SCAN_SHARE)) return rescoreTeam(db, changed, now, { memberId });
  for await (const loaded of scanTeamLeadsWithFacts(db, team.id, { ...teamScanOptions(proposed, now), only: ids })) {
    for (const entry of loaded) batch.add(entry);
    await batch.flushWhenFull(db, changed, memberId, day);
  }
  await batch.finish(db, changed, memberId, day);
  return batch.changes.sort((a, b) => a.leadId - b.leadId);
}

/** The leads rescoreAfterChange re-scores, in id order: see there. */
async function leadsAChangeCanMove(db: Db, team: TeamContext, proposed: ScoringConfig, now: Date): Promise<number[]> {
  const current = team.config;
  const diff = diffConfigs(current, proposed);
  // The changed rules' facts alone: a lead without any cannot move (see ConfigDiff.changedReads).
  const reads = diff.changedReads;
  const [mqlBefore, mqlAfter] = [mqlMin(team), mqlMin({ ...team, config: proposed })];
  const thresholdsMove = diff.tiersChanged || mqlBefore !== mqlAfter;
  const readsOthers = reads.outcomes.length > 0 || reads.frameworks.length > 0 || reads.attributeFields.length > 0 || reads.cycle;
  // The reads go out together, as the preview's do; each surfaces where it is awaited.
  const reading = [
    dueLeadIdsOfTeam(db, team.id, now),
    diff.rulesChanged && reads.eventRules.length > 0
      ? leadIdsWithEvents(db, team.id, scoringEventWindows({ ...proposed, rules: reads.eventRules }, now))
      : Promise.resolve([]),
    diff.rulesChanged && readsOthers
      ? scanPreviewCandidates(db, team.id, { outcomes: reads.outcomes, frameworks: reads.frameworks, attributeFields: reads.attributeFields, cycle: reads.cycle }).then(
          (found) => found.map((c) => c.id),
        )
      : Promise.resolve([]),
    thresholdsMove ? storedScoresNotDue(db, team.id, now).then((flat) => leadsThresholdsMove(flat, current, proposed, mqlBefore, mqlAfter)) : Promise.resolve([]),
  ];
  for (const read of reading) read.catch(() => {});
  const ids = new Set<number>();
  for (const read of reading) for (const id of await read) ids.add(id);
  return [...ids].sort((a, b) => a - b);
}

/** Of stored scores (id, score, id, score, …): the leads whose tier or MQL side the proposed thresholds change. */
function leadsThresholdsMove(flat: number[], current: ScoringConfig, proposed: ScoringConfig, mqlBefore: number, mqlAfter: number): number[] {
  const moves = new Map<number, boolean>();
  const out: number[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const score = flat[i + 1]!;
    let moved = moves.get(score);
    if (moved === undefined) {
      moved = tierFor(score, current.tiers).key !== tierFor(score, proposed.tiers).key || score >= mqlBefore !== score >= mqlAfter;
      moves.set(score, moved);
    }
    if (moved) out.push(flat[i]!);
  }
  return out;
}

/** What a full re-score under `config` at `now` reads: see scoringEventWindows and readsFreeAttributes. */
export function teamScanOptions(config: ScoringConfig, now: Date): TeamScanOptions {
  return { eventWindows: scoringEventWindows(config, now), attributes: readsFreeAttributes(config) };
}

/** Whether some active attribute rule reads a free attribute (title and company are columns). */
function readsFreeAttributes(config: ScoringConfig): boolean {
  return config.rules.some(
    (rule) => rule.kind === "attribute" && rule.active !== false && !("field" in rule.match && (rule.match.field === "title" || rule.match.field === "company")),
  );
}

/** A day of slack on every window: leaving out an event must never depend on rounding at its edge. */
const WINDOW_SLACK_MS = DAY_MS;

/**
 * The events a score under `config` can depend on at `now` or later: only types some active
 * event rule matches, and only occurrences not yet expired under the longest validity among
 * that type's rules (an expired occurrence neither counts now nor moves the score later, so
 * it cannot change the score, the tier or the next change). Future-dated events are kept.
 */
export function scoringEventWindows(config: ScoringConfig, now: Date): EventWindow[] {
  const validity = new Map<string, number | null>(); // null: counts forever
  for (const rule of config.rules) {
    if (rule.kind !== "event" || rule.active === false) continue;
    const type = "type" in rule.match ? rule.match.type : undefined;
    if (typeof type !== "string") continue;
    const days = rule.validityDays;
    const ms = typeof days !== "number" || !Number.isFinite(days) ? null : Math.max(0, Math.round(days * DAY_MS));
    const previous = validity.get(type);
    validity.set(type, previous === null || ms === null ? null : Math.max(previous ?? 0, ms));
  }
  return [...validity].map(([type, ms]) => {
    const after = ms === null ? Number.NaN : now.getTime() - ms - WINDOW_SLACK_MS;
    // Windows reaching before 1970 keep everything (and stay inside PostgreSQL's timestamp range).
    return { type, after: after >= 0 ? new Date(after) : null };
  });
}

/**
 * Every lead's score now under the team's configuration and under `config`, without
 * writing anything: what a weights preview compares.
 */
export async function scoreTeamUnder(
  db: Db,
  team: TeamContext,
  config: ScoringConfig,
  now: Date,
): Promise<Array<{ id: number; name: string; before: { score: number; tier: string }; after: ScoreResult }>> {
  const out: Array<{ id: number; name: string; before: { score: number; tier: string }; after: ScoreResult }> = [];
  // What either configuration can score: the scan reads the union of their windows.
  const both = { ...config, rules: [...team.config.rules, ...config.rules] };
  for await (const leads of scanTeamLeadsWithFacts(db, team.id, teamScanOptions(both, now))) {
    for (const { lead, facts } of leads) {
      const before = scoreLead(team.config, facts, now);
      out.push({ id: lead.id, name: lead.name, before: { score: before.score, tier: before.tier.key }, after: scoreLead(config, facts, now) });
    }
  }
  return out.sort((a, b) => a.id - b.id);
}
