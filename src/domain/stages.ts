import { FRAMEWORK_DIMENSIONS, type Answer, type Framework, type QualificationAnswer, type Stage } from "./types.js";

/** The open funnel in order; won, lost and disqualified sit outside it. */
export const STAGE_ORDER: readonly Stage[] = ["new", "mql", "sal", "sql"];
export const CLOSED_STAGES: readonly Stage[] = ["won", "lost", "disqualified"];

/** SPEC §2: "BANT with ≥ 3 of 4 positive" makes a lead sales-qualified. */
export const SQL_MIN_POSITIVE = 3;

export function isClosedStage(stage: Stage): boolean {
  return CLOSED_STAGES.includes(stage);
}

/** True when `stage` is an open stage earlier in the funnel than `target`. */
function isBefore(stage: Stage, target: Stage): boolean {
  const index = STAGE_ORDER.indexOf(stage);
  return index >= 0 && index < STAGE_ORDER.indexOf(target);
}

/** The MQL threshold defaults to the lowest tier with a threshold ("warm" in the defaults). */
export function defaultMqlMin(tiers: ReadonlyArray<{ min: number | null }>): number | null {
  let lowest: number | null = null;
  for (const tier of tiers) {
    if (tier.min !== null && (lowest === null || tier.min < lowest)) lowest = tier.min;
  }
  return lowest;
}

/** A lead becomes an MQL the first time its score reaches the threshold; a later drop never demotes it. */
export function stageAfterScore(stage: Stage, score: number, mqlMin: number): Stage {
  return stage === "new" && score >= mqlMin ? "mql" : stage;
}

/** A rep claiming the lead accepts it for sales. */
export function stageAfterClaim(stage: Stage): Stage {
  return stage === "new" || stage === "mql" ? "sal" : stage;
}

export function stageAfterQualification(
  stage: Stage,
  framework: Framework,
  answers: readonly QualificationAnswer[],
): Stage {
  if (!isBefore(stage, "sql")) return stage;
  return qualificationProgress(framework, answers).positive >= SQL_MIN_POSITIVE ? "sql" : stage;
}

/**
 * Won and lost close the deal. A rep logging them is an explicit statement, so it applies even
 * to a closed lead (a lost deal that comes back and signs); other outcomes never move the stage.
 */
export function stageAfterOutcome(stage: Stage, outcome: string): Stage {
  if (outcome === "won") return "won";
  if (outcome === "lost") return "lost";
  return stage;
}

export interface QualificationProgress {
  /** Dimensions with a yes or no. */
  answered: number;
  /** Dimensions answered yes. */
  positive: number;
  total: number;
  dimensions: Array<{ dimension: string; answer: Answer }>;
}

/** Where qualification stands, in the framework's own dimension order; later answers replace earlier ones. */
export function qualificationProgress(
  framework: Framework,
  answers: readonly QualificationAnswer[],
): QualificationProgress {
  const dimensions = FRAMEWORK_DIMENSIONS[framework].map((dimension) => {
    let answer: Answer = "unknown";
    for (const entry of answers) {
      if (entry.framework === framework && entry.dimension.toLowerCase() === dimension) answer = entry.answer;
    }
    return { dimension, answer };
  });
  return {
    answered: dimensions.filter((d) => d.answer !== "unknown").length,
    positive: dimensions.filter((d) => d.answer === "yes").length,
    total: dimensions.length,
    dimensions,
  };
}
