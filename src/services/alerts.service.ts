import { signed, stageLabel } from "../chat/format.js";
import { reply, type Reply } from "../chat/reply.js";
import { decideAlert } from "../domain/alert-policy.js";
import { scoreLead } from "../domain/score.js";
import { alertLeadDetails, alertStates, insertAlerts, queueAlertMessages, setAlertArmed } from "../store/alert.repository.js";
import { loadLeadsWithFacts } from "../store/lead-facts.repository.js";
import type { TeamContext } from "../store/team.repository.js";
import { sqlOf, type DbOrTx } from "../store/types.js";
import type { ScoringConfig } from "../domain/types.js";
import { rescoreLeads, type ScoreChange } from "./scoring.service.js";

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
  tx: DbOrTx,
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

  const facts = await loadLeadsWithFacts(sqlOf(tx), team.id, alerting.map((c) => c.leadId));
  const owners = new Map((await alertLeadDetails(tx, team.id, alerting.map((c) => c.leadId))).map((l) => [l.id, l]));
  const planned = alerting.flatMap((change) => {
    const entry = facts.get(change.leadId);
    if (!entry) return [];
    const result = scoreLead(team.config, entry.facts, now);
    const reasons = result.breakdown
      .filter((c) => c.points > 0)
      .slice(0, 3)
      .map((c) => ({ label: c.label, points: c.points }));
    return [{ change, result, reasons }];
  });
  const sql = sqlOf(tx);
  const alertIds = await insertAlerts(
    sql,
    team.id,
    planned.map((p) => ({ leadId: p.change.leadId, score: p.change.to.score, reasons: p.reasons })),
    now,
  );
  const outboxIds = team.channel
    ? await queueAlertMessages(
        sql,
        team.id,
        team.channel,
        planned.map(({ change, result, reasons }) => {
          const lead = owners.get(change.leadId);
          return {
            alertId: alertIds.get(change.leadId)!,
            payload: alertReply({
              leadId: change.leadId,
              name: change.name,
              company: lead?.company ?? null,
              score: change.to.score,
              tierLabel: result.tier.label,
              action: result.tier.action,
              stage: change.to.stage,
              owner: lead?.owner?.displayName ?? null,
              reasons,
            }),
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

/** The message a hot-lead alert shows, with Claim / Log call / Snooze buttons. */
export function alertReply(a: {
  leadId: number;
  name: string;
  company: string | null;
  score: number;
  tierLabel: string;
  action: string;
  stage: string;
  owner: string | null;
  reasons: Array<{ label: string; points: number }>;
}): Reply {
  return reply(
    [
      { type: "header", text: `${a.tierLabel} lead: ${a.name}${a.company ? ` · ${a.company}` : ""} (#${a.leadId})` },
      {
        type: "fields",
        fields: [
          { label: "Score", value: String(a.score) },
          { label: "Stage", value: stageLabel(a.stage) },
          { label: "Owner", value: a.owner ?? "unclaimed" },
          { label: "Next action", value: a.action },
        ],
      },
      { type: "list", title: "Why", items: a.reasons.map((r) => `${signed(r.points)}  ${r.label}`) },
      {
        type: "actions",
        actions: [
          ...(a.owner ? [] : [{ label: "Claim", command: `/lead claim #${a.leadId}`, style: "primary" as const }]),
          { label: "Log call", command: `/log #${a.leadId}` },
          { label: "Snooze 1 day", command: `/lead snooze #${a.leadId} 1d` },
        ],
      },
    ],
    { visibility: "channel" },
  );
}

/**
 * Re-scores leads and applies the alert policy in the caller's transaction: the one way
 * use cases re-score, so no score change can skip its alert.
 */
export async function rescoreWithAlerts(
  tx: DbOrTx,
  team: TeamContext,
  leadIds: number[],
  now: Date,
  options: { memberId?: number | null; config?: ScoringConfig; notify?: boolean } = {},
): Promise<{ changes: ScoreChange[]; alerts: RaisedAlert[] }> {
  const config = options.config ?? team.config;
  const changes = await rescoreLeads(sqlOf(tx), team, leadIds, now, { memberId: options.memberId ?? null, config });
  const alerts = await applyAlertPolicy(tx, { ...team, config }, changes, now, { notify: options.notify ?? true });
  return { changes, alerts };
}
