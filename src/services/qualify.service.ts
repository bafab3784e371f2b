import { qualificationProgress, stageAfterQualification } from "../domain/stages.js";
import { LIMITS } from "../domain/limits.js";
import { textsProblem } from "../domain/safe-input.js";
import { FRAMEWORK_DIMENSIONS, type Answer, type Framework, type Stage } from "../domain/types.js";
import { listQualifications, moveStage, upsertQualification } from "../store/lead.repository.js";
import { loadTeamContext } from "./team-context.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { resolveLead } from "./lead-ref.js";
import { invalid, ok, type Result } from "./result.js";
import { rescoreWithAlerts } from "./alerts.service.js";

export interface QualifyInput {
  /** Dimension → answer; partial answers are fine. */
  answers: Record<string, { answer: Answer; note?: string }>;
}

export interface QualifyOutcome {
  lead: { id: number; name: string; score: number; tier: string; stage: Stage };
  framework: Framework;
  progress: ReturnType<typeof qualificationProgress>;
  stageChanged: boolean;
}

/** The team's framework and what has been captured for a lead, for the form's initial values. */
export async function qualificationState(deps: ServiceDeps, actor: Actor, ref: string) {
  const team = await loadTeamContext(deps.store.db, actor.teamId);
  const found = await resolveLead(deps.store.db, actor.teamId, ref);
  if (!found.ok) return found;
  const answers = await listQualifications(deps.store.db, actor.teamId, found.value.id, team.config.framework);
  return ok({
    lead: found.value,
    framework: team.config.framework,
    dimensions: FRAMEWORK_DIMENSIONS[team.config.framework],
    answers: Object.fromEntries(answers.map((a) => [a.dimension, { answer: a.answer as Answer, note: a.note }])),
  });
}

export async function qualifyLead(deps: ServiceDeps, actor: Actor, ref: string, input: QualifyInput): Promise<Result<QualifyOutcome>> {
  const noteProblem = textsProblem(Object.entries(input.answers).map(([dimension, a]) => [{ answerNote: dimension }, a.note, LIMITS.note] as const));
  if (noteProblem) return invalid({ reason: "text_unfit", problem: noteProblem });
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const team = await loadTeamContext(tx, actor.teamId);
    const framework = team.config.framework;
    const dimensions = FRAMEWORK_DIMENSIONS[framework];
    const unknown = Object.keys(input.answers).filter((d) => !dimensions.includes(d));
    if (unknown.length > 0) {
      return invalid({ reason: "unknown_dimension", unknown, framework, dimensions });
    }
    const found = await resolveLead(tx, actor.teamId, ref);
    if (!found.ok) return found;
    const lead = found.value;
    for (const [dimension, { answer, note }] of Object.entries(input.answers)) {
      await upsertQualification(tx, {
        teamId: actor.teamId,
        leadId: lead.id,
        framework,
        dimension,
        answer,
        ...(note === undefined ? {} : { note }),
        capturedBy: actor.memberId,
        capturedAt: now,
      });
    }
    const all = await listQualifications(tx, actor.teamId, lead.id, framework);
    const answers = all.map((a) => ({ framework, dimension: a.dimension, answer: a.answer as Answer }));
    const progress = qualificationProgress(framework, answers);
    const {
      changes: [change],
    } = await rescoreWithAlerts(tx, team, [lead.id], now, { memberId: actor.memberId });
    const scoredStage = change?.to.stage ?? lead.stage;
    const stage = stageAfterQualification(scoredStage, framework, answers);
    await moveStage(tx, {
      teamId: actor.teamId,
      leadId: lead.id,
      from: scoredStage,
      to: stage,
      memberId: actor.memberId,
      reason: `${framework} ${progress.positive}/${progress.total} positive`,
      at: now,
    });
    return ok({
      framework,
      progress,
      stageChanged: stage !== lead.stage,
      lead: { id: lead.id, name: lead.name, score: change?.to.score ?? lead.score, tier: change?.to.tier ?? lead.tier, stage },
    });
  });
}
