import { stageAfterOutcome } from "../domain/stages.js";
import { LIMITS } from "../domain/limits.js";
import { textsProblem } from "../domain/safe-input.js";
import { CALL_OUTCOMES, type CallOutcome, type Stage } from "../domain/types.js";
import { markAlertActed } from "../store/alert.repository.js";
import { insertCallLog, moveStage } from "../store/lead.repository.js";
import { loadTeamContext } from "./team-context.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { resolveLead } from "./lead-ref.js";
import { invalid, ok, type Result } from "./result.js";
import { rescoreWithAlerts } from "./alerts.service.js";

export interface LoggedCall {
  lead: { id: number; name: string; score: number; tier: string; stage: Stage };
  outcome: CallOutcome;
  scoreBefore: number;
  stageChanged: boolean;
}

export async function logCall(
  deps: ServiceDeps,
  actor: Actor,
  ref: string,
  input: { outcome: string; note?: string },
): Promise<Result<LoggedCall>> {
  if (!(CALL_OUTCOMES as readonly string[]).includes(input.outcome)) {
    return invalid({ reason: "unknown_call_outcome", outcome: input.outcome, known: CALL_OUTCOMES });
  }
  const noteProblem = textsProblem([["note", input.note, LIMITS.note]] as const);
  if (noteProblem) return invalid({ reason: "text_unfit", problem: noteProblem });
  const outcome = input.outcome as CallOutcome;
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const found = await resolveLead(tx, actor.teamId, ref);
    if (!found.ok) return found;
    const lead = found.value;
    const team = await loadTeamContext(tx, actor.teamId);
    await markAlertActed(tx, actor.teamId, lead.id, actor.memberId, now);
    await insertCallLog(tx, { teamId: actor.teamId, leadId: lead.id, memberId: actor.memberId, outcome, note: input.note ?? null, loggedAt: now });
    const {
      changes: [change],
    } = await rescoreWithAlerts(tx, team, [lead.id], now, { memberId: actor.memberId });
    const scoredStage = change?.to.stage ?? lead.stage;
    const stage = stageAfterOutcome(scoredStage, outcome);
    await moveStage(tx, { teamId: actor.teamId, leadId: lead.id, from: scoredStage, to: stage, memberId: actor.memberId, reason: `call outcome ${outcome}`, at: now });
    return ok({
      outcome,
      scoreBefore: lead.score,
      stageChanged: stage !== lead.stage,
      lead: { id: lead.id, name: lead.name, score: change?.to.score ?? lead.score, tier: change?.to.tier ?? lead.tier, stage },
    });
  });
}
