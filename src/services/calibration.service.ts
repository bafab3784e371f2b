import { calibrate, DECISIVE_OUTCOMES, digestSummary, isFirstDigestDayOfWeek, type CalibrationDigest, type CalibrationReport } from "../domain/calibration.js";
import { localClock } from "../domain/digest-schedule.js";
import type { RuleSetting } from "../domain/edits.js";
import { digestCalendar, loadCalibrationHistory } from "../store/calibration.repository.js";
import { loadTeamContext } from "./team-context.js";
import { isManager, type Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { forbidden, ok, type Result } from "./result.js";
import { previewEdit, type ChangePreview } from "./weights.service.js";

export const CALIBRATION_MANAGERS_ONLY = { reason: "managers_only", what: "calibration" } as const;

/** How the team's rules and tiers did against logged results, as of now. */
async function teamReport(deps: ServiceDeps, teamId: number, now: Date): Promise<CalibrationReport> {
  const [team, history] = await Promise.all([
    loadTeamContext(deps.store.db, teamId),
    loadCalibrationHistory(deps.store.db, teamId, DECISIVE_OUTCOMES),
  ]);
  return calibrate({ config: team.config, leads: history.leads, undecided: history.undecided, now });
}

/** `/weights suggest`: per-rule conversion, tier conversion and suggested weights. Managers only. */
export async function calibrationReport(deps: ServiceDeps, actor: Actor): Promise<Result<CalibrationReport>> {
  if (!isManager(actor)) return forbidden(CALIBRATION_MANAGERS_ONLY);
  return ok(await teamReport(deps, actor.teamId, deps.clock()));
}

/**
 * Previews the suggested weights as one change, through the same preview → confirm path as any
 * weight change (and so undone as one). The points come from the report the manager saw, so
 * what is previewed is exactly what was suggested even if new results arrived since.
 */
export async function previewSuggestedWeights(deps: ServiceDeps, actor: Actor, changes: RuleSetting[]): Promise<Result<ChangePreview>> {
  if (!isManager(actor)) return forbidden(CALIBRATION_MANAGERS_ONLY);
  return previewEdit(deps, actor, { kind: "setMany", changes, title: "suggested_weights" });
}

/**
 * The weekly calibration section of the morning digest, as data the digest view words in the
 * team's language. `lines`: a section queued before it was data, already in English words.
 */
export type CalibrationDigestSection = { section: "calibration"; summary: CalibrationDigest } | { section: "calibration"; lines: string[] };

/**
 * The weekly calibration lines for the morning digest: only on the team's first digest day of
 * the week, and only when there is enough data to say something. Otherwise null.
 */
export async function calibrationDigestSection(deps: ServiceDeps, teamId: number, now: Date): Promise<CalibrationDigestSection | null> {
  const calendar = await digestCalendar(deps.store.db, teamId);
  if (!calendar) return null;
  if (!isFirstDigestDayOfWeek(calendar.digestDays, localClock(now, calendar.timezone).weekday)) return null;
  const summary = digestSummary(await teamReport(deps, teamId, now));
  return summary ? { section: "calibration", summary } : null;
}
