import { randomBytes } from "node:crypto";
import { secondsSince } from "../metrics/elapsed.js";
import { applyEdit, configFingerprint, type ChangeSummary, type ScoringEdit } from "../domain/edits.js";
import { countLeadsInTier } from "../store/lead.repository.js";
import { applyAlertPolicy } from "./alerts.service.js";
import type { ScoringConfig } from "../domain/types.js";
import {
  createPendingChange,
  findPendingChange,
  lastUndoableChange,
  markUndone,
  recordRuleChange,
  resolvePendingChange,
  ruleChangeHistory,
} from "../store/rule-change.repository.js";
import { saveScoringConfig } from "../store/team.repository.js";
import { loadTeamContext, type TeamContext } from "./team-context.js";
import { isManager, MANAGERS_ONLY, type Actor } from "./actor.js";
import { BULK_TX, type ServiceDeps } from "./deps.js";
import { conflict, forbidden, invalid, ok, type Result } from "./result.js";
import { rescoreAfterChange } from "./scoring.service.js";
import { previewEffect as computePreview, previewEffectByFullScan, type PreviewEffect } from "./preview.service.js";

/** A preview stays confirmable this long; after that the data may have moved on. */
const PENDING_TTL_MS = 30 * 60_000;

export type { Mover, PreviewEffect } from "./preview.service.js";

/** A previewed change waiting for its author to confirm or cancel it. */
export interface ChangePreview extends PreviewEffect {
  pendingId: string;
}

/**
 * Scores the team under `proposed` next to its current scoring; reads only, writes nothing.
 * One read-only snapshot, so a write landing between the preview's reads cannot skew it.
 */
async function previewEffect(deps: ServiceDeps, team: TeamContext, proposed: ScoringConfig, summary: ChangeSummary): Promise<PreviewEffect> {
  const now = deps.clock();
  // The preview's statements are short; compiling them (JIT) would cost more than it saves. All
  // are raw SQL, some answering a team's every lead as one text: outside Prisma (sqlOnly).
  return deps.store.snapshot(async (tx, beside) => {
    // The fast preview trusts stored scores, which follow the stored rules. Should a change have
    // landed since `team` was read, score everything from the facts instead.
    const stored = await loadTeamContext(tx, team.id);
    if (configFingerprint(stored.config) !== configFingerprint(team.config)) return previewEffectByFullScan(tx, team, proposed, now, summary);
    return computePreview(tx, team, proposed, now, summary, beside);
  }, { ...BULK_TX, jit: false, sqlOnly: true });
}

async function buildPreview(
  deps: ServiceDeps,
  actor: Actor,
  team: TeamContext,
  proposed: ScoringConfig,
  summary: ChangeSummary,
  undoesId: number | null,
): Promise<ChangePreview> {
  const effect = await previewEffect(deps, team, proposed, summary);
  const now = deps.clock();
  const pendingId = randomBytes(4).toString("hex");
  await createPendingChange(deps.store.db, {
    id: pendingId,
    teamId: actor.teamId,
    memberId: actor.memberId,
    summary,
    proposed,
    base: team.config,
    createdAt: now,
    expiresAt: new Date(now.getTime() + PENDING_TTL_MS),
    undoesId,
  });
  return { ...effect, pendingId };
}

/** "What if …?": the effect of an edit, with nothing stored and nothing to confirm. Managers only. */
export async function whatIfEdit(deps: ServiceDeps, actor: Actor, edit: ScoringEdit): Promise<Result<PreviewEffect>> {
  if (!isManager(actor)) return forbidden(MANAGERS_ONLY);
  const team = await loadTeamContext(deps.store.db, actor.teamId);
  const edited = applyEdit(team.config, edit);
  if (!edited.ok) return invalid({ reason: "edit_refused", problem: edited.problem });
  return ok(await previewEffect(deps, team, edited.config, edited.summary));
}

/** Shows what an edit would do and keeps it waiting for confirmation. Managers only. */
export async function previewEdit(deps: ServiceDeps, actor: Actor, edit: ScoringEdit): Promise<Result<ChangePreview>> {
  if (!isManager(actor)) return forbidden(MANAGERS_ONLY);
  const team = await loadTeamContext(deps.store.db, actor.teamId);
  const edited = applyEdit(team.config, edit);
  if (!edited.ok) return invalid({ reason: "edit_refused", problem: edited.problem });
  return ok(await buildPreview(deps, actor, team, edited.config, edited.summary, null));
}

/** Previews going back to how scoring was before the last change. */
export async function previewUndo(deps: ServiceDeps, actor: Actor): Promise<Result<ChangePreview>> {
  if (!isManager(actor)) return forbidden(MANAGERS_ONLY);
  const team = await loadTeamContext(deps.store.db, actor.teamId);
  const last = await lastUndoableChange(deps.store.db, actor.teamId);
  if (!last) return invalid({ reason: "nothing_to_undo" });
  const before = last.before;
  return ok(await buildPreview(deps, actor, team, before, { kind: "undo", of: last.summary }, last.id));
}

export interface AppliedChange {
  summary: ChangeSummary;
  changeId: number;
  leadsChanged: number;
  nowInTopTier: number;
  topTier: string;
}

/**
 * Applies a previewed change: only its author may confirm it, only once, and only while
 * scoring is still what the preview was computed against.
 */
export async function confirmChange(deps: ServiceDeps, actor: Actor, pendingId: string): Promise<Result<AppliedChange>> {
  if (!isManager(actor)) return forbidden(MANAGERS_ONLY);
  const now = deps.clock();
  const pending = await findPendingChange(deps.store.db, actor.teamId, pendingId);
  if (!pending) return invalid({ reason: "no_pending_change", id: pendingId });
  if (pending.memberId !== actor.memberId) return forbidden({ reason: "not_change_author", action: "confirm" });
  if (pending.status !== "pending") return conflict({ reason: "change_already_resolved", status: pending.status });
  if (pending.expiresAt <= now) {
    await resolvePendingChange(deps.store.db, pending.id, "expired", now);
    return conflict({ reason: "preview_expired" });
  }
  return deps.store.transaction(async (tx) => {
    // Claim the pending row first so a second click waits here and then finds it confirmed.
    if (!(await resolvePendingChange(tx, pending.id, "confirmed", now))) return conflict({ reason: "change_already_handled" });
    const team = await loadTeamContext(tx, actor.teamId);
    const base = pending.base;
    if (configFingerprint(team.config) !== configFingerprint(base)) {
      throw new StaleBase();
    }
    const proposed = pending.proposed;
    await saveScoringConfig(tx, actor.teamId, proposed);
    const change = await recordRuleChange(tx, {
      teamId: actor.teamId,
      memberId: actor.memberId,
      summary: pending.summary,
      before: team.config,
      after: proposed,
      createdAt: now,
      undoesId: pending.undoesId,
    });
    if (pending.undoesId !== null) await markUndone(tx, pending.undoesId, now);
    const started = performance.now();
    const changes = await rescoreAfterChange(tx, team, proposed, now, { memberId: actor.memberId });
    deps.metrics?.rescore("weights", secondsSince(started));
    // The manager saw this change's effect in the preview: leads it makes hot are not
    // announced one by one, but they count as alerted so they stay quiet until they cool.
    await applyAlertPolicy(tx, { ...team, config: proposed }, changes, now, { notify: false });
    const topTier = proposed.tiers[0]!.key;
    const nowInTopTier = await countLeadsInTier(tx, actor.teamId, topTier);
    return ok({ summary: pending.summary, changeId: change.id, leadsChanged: changes.length, nowInTopTier, topTier });
  }, BULK_TX).catch(async (error: unknown) => {
    if (!(error instanceof StaleBase)) throw error;
    await resolvePendingChange(deps.store.db, pending.id, "expired", now);
    return conflict({ reason: "scoring_changed_since_preview" });
  });
}

// Thrown inside the transaction to roll it back; turned into a friendly answer outside.
class StaleBase extends Error {}

export async function cancelChange(deps: ServiceDeps, actor: Actor, pendingId: string): Promise<Result<{ summary: ChangeSummary }>> {
  const pending = await findPendingChange(deps.store.db, actor.teamId, pendingId);
  if (!pending) return invalid({ reason: "no_pending_change", id: pendingId });
  if (pending.memberId !== actor.memberId) return forbidden({ reason: "not_change_author", action: "cancel" });
  if (!(await resolvePendingChange(deps.store.db, pending.id, "cancelled", deps.clock()))) return conflict({ reason: "change_already_resolved", status: pending.status });
  return ok({ summary: pending.summary });
}

export async function scoringConfig(deps: ServiceDeps, actor: Actor): Promise<Result<TeamContext>> {
  return ok(await loadTeamContext(deps.store.db, actor.teamId));
}

export async function changeHistory(deps: ServiceDeps, actor: Actor, limit = 10) {
  const rows = await ruleChangeHistory(deps.store.db, actor.teamId, limit);
  return ok(
    rows.map((r) => ({
      id: r.id,
      summary: r.summary,
      by: r.member?.displayName ?? "someone",
      at: r.createdAt,
      undone: r.undoneAt !== null,
    })),
  );
}
