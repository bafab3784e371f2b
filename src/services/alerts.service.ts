import { decideAlert } from "../domain/alert-policy.js";
import { scoreLead, scoreState } from "../domain/score.js";
import { stageAfterScore } from "../domain/stages.js";
import { alertLeadDetails, alertStates, insertAlerts, queueAlertMessages, setAlertArmed } from "../store/alert.repository.js";
import { loadLeadsForRescore, writeBatchRescore, type BatchRescoreWrites, type LeadForRescore } from "../store/batch-rescore.repository.js";
import { eventInWindows, loadLeadsWithFacts, widestWindows } from "../store/lead-facts.repository.js";
import { mqlMin, type TeamContext } from "./team-context.js";
import type { Db, ReadBeside } from "../store/store.js";
import type { ScoreResult, ScoringConfig } from "../domain/types.js";
import { localDay } from "./clock.js";
import { outboxPayload, type OutboxPayload } from "./outbox-message.js";
import { rescoreLeads, scoringEventWindows, type ScoreChange } from "./scoring.service.js";

export interface RaisedAlert {
  alertId: number;
  leadId: number;
  score: number;
  outboxId: number | null;
}

/**
 * Applies the alert policy to score changes, inside the transaction that changed the scores:
 * the alert row and its outbox message are written together with the new score, so a crash
 * between scoring and delivery loses nothing and a retried change never alerts twice.
 * `notify: false` (bulk re-scores after a weight change, whose preview the manager has seen)
 * still disarms the leads it makes hot, so they do not alert later for the same crossing.
 */
export async function applyAlertPolicy(
  tx: Db,
  team: TeamContext,
  changes: ScoreChange[],
  now: Date,
  options: { notify: boolean },
): Promise<RaisedAlert[]> {
  const hotMin = team.config.tiers[0]?.min;
  if (hotMin === null || hotMin === undefined || changes.length === 0) return [];
  const states = new Map((await alertStates(tx, team.id, changes.map((c) => c.leadId))).map((s) => [s.id, s]));
  const disarm: number[] = [];
  const rearm: number[] = [];
  const alerting: ScoreChange[] = [];
  for (const change of changes) {
    const state = states.get(change.leadId);
    if (!state) continue;
    const decision = decideAlert({
      score: change.to.score,
      hotMin,
      margin: team.alertRearmMargin,
      state: { armed: state.alertArmed, snoozedUntil: state.snoozedUntil },
      now,
      notify: options.notify,
    });
    if (decision.armed !== state.alertArmed) (decision.armed ? rearm : disarm).push(change.leadId);
    if (decision.alert) alerting.push(change);
  }
  await setAlertArmed(tx, team.id, disarm, false);
  await setAlertArmed(tx, team.id, rearm, true);
  if (alerting.length === 0) return [];

  const facts = await loadLeadsWithFacts(tx, team.id, alerting.map((c) => c.leadId));
  const owners = new Map((await alertLeadDetails(tx, team.id, alerting.map((c) => c.leadId))).map((l) => [l.id, l]));
  const planned = alerting.flatMap((change) => {
    const entry = facts.get(change.leadId);
    if (!entry) return [];
    const result = scoreLead(team.config, entry.facts, now);
    return [{ change, result, reasons: alertReasons(result) }];
  });
  const alertIds = await insertAlerts(
    tx,
    team.id,
    planned.map((p) => ({ leadId: p.change.leadId, score: p.change.to.score, reasons: p.reasons })),
    now,
  );
  const outboxIds = team.channel
    ? await queueAlertMessages(
        tx,
        team.id,
        team.channel,
        planned.map(({ change, result, reasons }) => {
          const lead = owners.get(change.leadId);
          return {
            alertId: alertIds.get(change.leadId)!,
            payload: alertMessage(change, result, reasons, { company: lead?.company ?? null, owner: lead?.owner?.displayName ?? null }),
          };
        }),
        now,
      )
    : new Map<number, number>();
  const raised: RaisedAlert[] = planned.map(({ change }) => {
    const alertId = alertIds.get(change.leadId)!;
    return { alertId, leadId: change.leadId, score: change.to.score, outboxId: outboxIds.get(alertId) ?? null };
  });
  return raised;
}

/** The strongest reasons behind a score, as an alert keeps and shows them. */
function alertReasons(result: ScoreResult): AlertMessage["reasons"] {
  return result.breakdown
    .filter((c) => c.points > 0)
    .slice(0, 3)
    .map((c) => ({ key: c.ruleKey, label: c.label, points: c.points }));
}

/** What a hot-lead alert says (src/views/alert.view.ts words it, with Claim / Log call / Snooze). */
export interface AlertMessage {
  leadId: number;
  name: string;
  company: string | null;
  score: number;
  /** The tier's key, so a default name and action are said in the team's language (absent in older rows). */
  tierKey?: string;
  tierLabel: string;
  action: string;
  stage: string;
  /** The owner's name; null while nobody has claimed the lead. */
  owner: string | null;
  /** Each with its rule's key, for the same reason (absent in older rows). */
  reasons: Array<{ key?: string; label: string; points: number }>;
}

/** The alert's outbox payload: the alert view and what it says. */
function alertMessage(
  change: ScoreChange,
  result: ScoreResult,
  reasons: AlertMessage["reasons"],
  lead: { company: string | null; owner: string | null },
): OutboxPayload<"alert"> {
  return outboxPayload("alert", {
    leadId: change.leadId,
    name: change.name,
    company: lead.company,
    score: change.to.score,
    tierKey: result.tier.key,
    tierLabel: result.tier.label,
    action: result.tier.action,
    stage: change.to.stage,
    owner: lead.owner,
    reasons,
  });
}

/**
 * Re-scores leads and applies the alert policy in the caller's transaction: the one way
 * use cases re-score, so no score change can skip its alert.
 */
export async function rescoreWithAlerts(
  tx: Db,
  team: TeamContext,
  leadIds: number[],
  now: Date,
  options: { memberId?: number | null; config?: ScoringConfig; notify?: boolean } = {},
): Promise<{ changes: ScoreChange[]; alerts: RaisedAlert[] }> {
  const config = options.config ?? team.config;
  const changes = await rescoreLeads(tx, team, leadIds, now, { memberId: options.memberId ?? null, config });
  const alerts = await applyAlertPolicy(tx, { ...team, config }, changes, now, { notify: options.notify ?? true });
  return { changes, alerts };
}

/** An event of a batch, as its re-score needs it. */
export interface BatchEvent {
  leadId: number;
  type: string;
  occurredAt: Date;
}

/** What re-scoring a batch decided for some of its leads, before it is written. */
export interface RescorePlan {
  /** The leads it decided for (those found). */
  leads: ReadonlySet<number>;
  writes: BatchRescoreWrites;
  changes: ScoreChange[];
}

/**
 * Plans the re-score of a batch's leads from their facts read on the second connection
 * `beside` hands out (Store.beside), while the caller's transaction stores `events` (which that
 * read cannot see: they are added to the facts here, as the read would have loaded them). The
 * caller's transaction must hold the leads' locks before: the read then sees every batch that
 * scored them before this one, and none can score them until this one commits. The plan holds
 * only if every one of `events` is stored; the caller hands it to rescoreBatchWithAlerts only then.
 */
export function planBeside(
  beside: ReadBeside,
  team: TeamContext,
  leadIds: number[],
  now: Date,
  batch: { events: readonly BatchEvent[]; purchases: readonly Purchase[] },
): Promise<RescorePlan> {
  const windows = scoringEventWindows(team.config, now);
  const planning = beside((db) => loadLeadsForRescore(db, team.id, leadIds, windows), { planByKey: true }).then((read) => {
    const byType = widestWindows(windows);
    for (const event of batch.events) {
      if (eventInWindows(byType, event.type, event.occurredAt)) read.get(event.leadId)?.facts.events.push({ type: event.type, occurredAt: event.occurredAt });
    }
    return planRescore(team, read, now, batch.purchases);
  });
  // A transaction that fails before it awaits the plan never does.
  planning.catch(() => {});
  return planning;
}

type Purchase = { leadId: number; at: Date };

/**
 * rescoreWithAlerts for a batch of leads under the team's own configuration (what ingestion
 * touches), with the same outcome in two statements: one reads the leads with their facts,
 * alert state and owner (unless `planned` decided for them already, see planBeside); one writes
 * scores, purchase dates, snapshots, alert flags, stage moves, alerts and outbox messages. Same
 * rules as rescoreLeads + applyAlertPolicy: a lead is written when its score, tier, stage or
 * next change moved (or a purchase moved its last purchase on); the policy looks at the leads
 * whose score, tier or stage moved. Runs in the caller's transaction.
 */
export async function rescoreBatchWithAlerts(
  tx: Db,
  team: TeamContext,
  leadIds: number[],
  now: Date,
  options: { memberId?: number | null; purchases?: readonly Purchase[]; planned?: RescorePlan } = {},
): Promise<{ changes: ScoreChange[]; alerts: RaisedAlert[] }> {
  const { planned } = options;
  const rest = planned ? leadIds.filter((id) => !planned.leads.has(id)) : leadIds;
  const loaded = await loadLeadsForRescore(tx, team.id, rest, scoringEventWindows(team.config, now));
  const here = planRescore(team, loaded, now, options.purchases ?? []);
  const writes: BatchRescoreWrites = planned
    ? {
        scores: [...planned.writes.scores, ...here.writes.scores],
        closings: [...planned.writes.closings, ...here.writes.closings],
        stages: [...planned.writes.stages, ...here.writes.stages],
        alerts: [...planned.writes.alerts, ...here.writes.alerts],
      }
    : here.writes;
  const changes = planned ? [...planned.changes, ...here.changes] : here.changes;
  const ids = await writeBatchRescore(tx, team, writes, { now, day: localDay(now, team.timezone), memberId: options.memberId ?? null });
  const alerts = writes.alerts.map(({ leadId, score }): RaisedAlert => {
    const { alertId, outboxId } = ids.get(leadId)!;
    return { alertId, leadId, score, outboxId };
  });
  return { changes: changes.sort((a, b) => a.leadId - b.leadId), alerts };
}

/** Scores the loaded leads and decides what to write (see rescoreBatchWithAlerts); touches no database. */
function planRescore(team: TeamContext, loaded: Map<number, LeadForRescore>, now: Date, purchases: readonly Purchase[]): RescorePlan {
  const { config } = team;
  const purchased = recordPurchases(loaded, purchases);
  const mqlThreshold = mqlMin(team);
  const hotMin = config.tiers[0]?.min ?? null;
  const day = localDay(now, team.timezone);
  const writes: BatchRescoreWrites = { scores: [], closings: [], stages: [], alerts: [] };
  const changes: ScoreChange[] = [];
  for (const { lead, facts, alert, company, owner, scoredDay } of loaded.values()) {
    const result = scoreState(config, facts, now);
    const stage = stageAfterScore(lead.stage, result.score, mqlThreshold);
    const moved = result.score !== lead.score || result.tier.key !== lead.tier || stage !== lead.stage;
    if (!moved && (result.nextChangeAt?.getTime() ?? null) === lead.nextChangeAt && !purchased.has(lead.id)) continue;
    let armed = alert.armed;
    if (moved) {
      const change: ScoreChange = {
        leadId: lead.id,
        name: lead.name,
        from: { score: lead.score, tier: lead.tier, stage: lead.stage },
        to: { score: result.score, tier: result.tier.key, stage },
      };
      changes.push(change);
      if (hotMin !== null) {
        const decision = decideAlert({ score: result.score, hotMin, margin: team.alertRearmMargin, state: alert, now, notify: true });
        armed = decision.armed;
        if (decision.alert) {
          // Only an alert shows why: the explanation is built for these leads alone.
          const explained = scoreLead(config, facts, now);
          const reasons = alertReasons(explained);
          writes.alerts.push({ leadId: lead.id, score: result.score, reasons, message: alertMessage(change, explained, reasons, { company, owner }) });
        }
      }
    }
    writes.scores.push({
      id: lead.id,
      score: result.score,
      tier: result.tier.key,
      stage,
      nextChangeAt: result.nextChangeAt,
      alertArmed: armed,
      lastPurchaseAt: purchased.has(lead.id) ? (facts.lastPurchaseAt ?? null) : null,
    });
    // Scored on an earlier day: that day is over, and its snapshot is the score it ended with.
    if (scoredDay !== null && scoredDay < day) writes.closings.push({ leadId: lead.id, day: scoredDay, score: lead.score, tier: lead.tier });
    if (stage !== lead.stage) writes.stages.push({ leadId: lead.id, from: lead.stage, to: stage, reason: `score reached ${result.score}` });
  }
  return { leads: new Set(loaded.keys()), writes, changes };
}

/** Moves each lead's last purchase on to the batch's latest (never back); answers the leads it moved. */
function recordPurchases(leads: Map<number, LeadForRescore>, purchases: readonly Purchase[]): Set<number> {
  const moved = new Set<number>();
  for (const { leadId, at } of purchases) {
    const facts = leads.get(leadId)?.facts;
    if (!facts || (facts.lastPurchaseAt && facts.lastPurchaseAt >= at)) continue;
    facts.lastPurchaseAt = at;
    moved.add(leadId);
  }
  return moved;
}
