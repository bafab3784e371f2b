import { LIMITS } from "../domain/limits.js";
import { attributesSchema, pastDateIssue, textsProblem } from "../domain/safe-input.js";
import { scoreLead } from "../domain/score.js";
import { stageAfterClaim } from "../domain/stages.js";
import type { ScoreResult, Stage } from "../domain/types.js";
import {
  createLead,
  findLeadByEmail,
  findLeadByPhone,
  insertEvent,
  listLeads,
  moveStage,
  recordStageChange,
  setLeadOwner,
  updateLeadPurchase,
  type LeadFilter,
} from "../store/lead.repository.js";
import { markAlertActed, snoozeLead } from "../store/alert.repository.js";
import { getMember } from "../store/member.repository.js";
import { readLeadStatus } from "../store/lead-status.repository.js";
import { loadTeamContext, teamContextOf, type TeamContext } from "./team-context.js";
import type { Db } from "../store/store.js";
import { isManager, type Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { directLookup, normaliseEmail, normalisePhone, resolveLead } from "./lead-ref.js";
import { conflict, fail, forbidden, invalid, ok, type Failure, type Result } from "./result.js";
import { rescoreWithAlerts } from "./alerts.service.js";
import { AttributeBudget } from "./attribute-budget.js";
import type { ScoreChange } from "./scoring.service.js";

export interface NewLead {
  name: string;
  email?: string;
  phone?: string;
  company?: string;
  title?: string;
  externalId?: string;
  attributes?: Record<string, string | number>;
  lastPurchaseAt?: Date;
  cycleDays?: number;
}

export interface LeadView {
  id: number;
  name: string;
  company: string | null;
  score: number;
  tier: string;
  stage: Stage;
  owner: string | null;
}

/** Scores one lead inside the caller's transaction, after whatever changed it. */
async function rescoreOne(tx: Db, team: TeamContext, leadId: number, now: Date, memberId: number): Promise<ScoreChange | undefined> {
  const { changes } = await rescoreWithAlerts(tx, team, [leadId], now, { memberId });
  return changes[0];
}

export async function addLead(deps: ServiceDeps, actor: Actor, input: NewLead): Promise<Result<{ lead: LeadView }>> {
  const now = deps.clock();
  const problem = newLeadProblem(input, now);
  if (problem) return fail(problem);
  const email = input.email ? normaliseEmail(input.email) : undefined;
  const phone = input.phone ? normalisePhone(input.phone) : undefined;
  if (email) {
    const existing = await findLeadByEmail(deps.store.db, actor.teamId, email);
    if (existing) return conflict({ reason: "email_taken", lead: { id: existing.id, name: existing.name }, email });
  }
  if (phone) {
    const existing = await findLeadByPhone(deps.store.db, actor.teamId, phone);
    if (existing) return conflict({ reason: "phone_taken", lead: { id: existing.id, name: existing.name }, phone });
  }
  return deps.store.transaction(async (tx) => {
    const team = await loadTeamContext(tx, actor.teamId);
    const attributes = input.attributes ?? {};
    const budget = await AttributeBudget.load(tx, actor.teamId, [], Object.keys(attributes));
    const refused = budget.admit(0, attributes);
    if (refused) return invalid({ reason: "attributes_over_budget", refusal: refused });
    await budget.save(tx, actor.teamId);
    const created = await createLead(tx, {
      teamId: actor.teamId,
      name: input.name,
      email: email ?? null,
      phone: phone ?? null,
      company: input.company ?? null,
      title: input.title ?? null,
      externalId: input.externalId ?? null,
      attributes,
      lastPurchaseAt: input.lastPurchaseAt ?? null,
      cycleDays: input.cycleDays ?? null,
      createdAt: now,
    });
    await recordStageChange(tx, { teamId: actor.teamId, leadId: created.id, toStage: "new", memberId: actor.memberId, reason: "added", changedAt: now });
    const change = await rescoreOne(tx, team, created.id, now, actor.memberId);
    const lead = { ...created, score: change?.to.score ?? created.score, tier: change?.to.tier ?? created.tier, stage: change?.to.stage ?? created.stage };
    return ok({ lead: { id: lead.id, name: lead.name, company: lead.company, score: lead.score, tier: lead.tier, stage: lead.stage, owner: null } });
  });
}

/** Why a lead typed in chat cannot be stored as given, or null: the same limits as the API's. */
function newLeadProblem(input: NewLead, now: Date): Extract<Failure, { code: "invalid" }> | null {
  const attributes = attributesSchema.safeParse(input.attributes ?? {});
  if (!attributes.success) return { code: "invalid", reason: "attributes_unfit", issues: attributes.error.issues };
  const cycle = input.cycleDays;
  if (cycle !== undefined && !(Number.isInteger(cycle) && cycle >= 1 && cycle <= LIMITS.cycleDays)) return { code: "invalid", reason: "cycle_days_out_of_range", max: LIMITS.cycleDays };
  const purchase = input.lastPurchaseAt ? pastDateIssue(input.lastPurchaseAt, now) : null;
  if (purchase) return { code: "invalid", reason: "purchase_date_unfit", issue: purchase };
  const text = textsProblem([
    ["name", input.name, LIMITS.leadText],
    ["email", input.email, LIMITS.email],
    ["phone", input.phone, LIMITS.phone],
    ["company", input.company, LIMITS.leadText],
    ["title", input.title, LIMITS.leadText],
    ["external_id", input.externalId, LIMITS.externalId],
  ] as const);
  return text && { code: "invalid", reason: "text_unfit", problem: text };
}

export async function findLeads(
  deps: ServiceDeps,
  actor: Actor,
  filter: LeadFilter,
  limit: number,
): Promise<Result<{ leads: LeadView[]; total: number }>> {
  const where =
    filter === "mine"
      ? { ownerId: actor.memberId }
      : filter === "unclaimed"
        ? { ownerId: null }
        : filter === "all"
          ? {}
          : { tier: filter };
  const { rows, total } = await listLeads(deps.store.db, actor.teamId, where, limit);
  return ok({
    total,
    leads: rows.map((r) => ({
      id: r.id,
      name: r.name,
      company: r.company,
      score: r.score,
      tier: r.tier,
      stage: r.stage,
      owner: r.owner?.displayName ?? null,
    })),
  });
}

async function setOwner(
  deps: ServiceDeps,
  actor: Actor,
  ref: string,
  ownerId: number,
  mode: "claim" | "assign",
): Promise<Result<{ lead: LeadView; previousOwner: string | null }>> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const found = await resolveLead(tx, actor.teamId, ref);
    if (!found.ok) return found;
    const lead = found.value;
    const owner = await getMember(tx, actor.teamId, ownerId);
    if (!owner || owner.status !== "active") return invalid({ reason: "owner_not_on_team" });
    const previous = lead.ownerId ? await getMember(tx, actor.teamId, lead.ownerId) : null;
    if (mode === "claim" && previous && previous.id !== actor.memberId && !isManager(actor)) {
      return conflict({ reason: "claimed_by_other", lead: lead.name, owner: previous.displayName });
    }
    if (previous?.id === owner.id) return conflict({ reason: "already_owner", lead: lead.name, owner: owner.id === actor.memberId ? null : owner.displayName });
    await setLeadOwner(tx, actor.teamId, lead.id, owner.id);
    await markAlertActed(tx, actor.teamId, lead.id, actor.memberId, now);
    const stage = stageAfterClaim(lead.stage);
    await moveStage(tx, {
      teamId: actor.teamId,
      leadId: lead.id,
      from: lead.stage,
      to: stage,
      memberId: actor.memberId,
      reason: mode === "claim" ? `claimed by ${owner.displayName}` : `assigned to ${owner.displayName}`,
      at: now,
    });
    return ok({
      previousOwner: previous?.displayName ?? null,
      lead: { id: lead.id, name: lead.name, company: lead.company, score: lead.score, tier: lead.tier, stage, owner: owner.displayName },
    });
  });
}

export async function claimLead(deps: ServiceDeps, actor: Actor, ref: string) {
  return setOwner(deps, actor, ref, actor.memberId, "claim");
}

/** Managers assign to anyone; a rep may only take a lead for themselves. */
export async function assignLead(deps: ServiceDeps, actor: Actor, ref: string, memberId: number) {
  if (!isManager(actor) && memberId !== actor.memberId) {
    return forbidden({ reason: "managers_only", what: "assign" });
  }
  return setOwner(deps, actor, ref, memberId, "assign");
}

export async function recordEvent(
  deps: ServiceDeps,
  actor: Actor,
  ref: string,
  input: { type: string; note?: string; occurredAt?: Date },
): Promise<Result<{ lead: LeadView; change: ScoreChange | undefined; points: number | null }>> {
  const now = deps.clock();
  const datedWrong = input.occurredAt ? pastDateIssue(input.occurredAt, now) : null;
  const noteProblem = textsProblem([["note", input.note, LIMITS.note]] as const);
  if (noteProblem) return invalid({ reason: "text_unfit", problem: noteProblem });
  if (datedWrong) return invalid({ reason: "event_date_unfit", issue: datedWrong });
  return deps.store.transaction(async (tx) => {
    const team = await loadTeamContext(tx, actor.teamId);
    const rule = team.config.rules.find((r) => r.kind === "event" && "type" in r.match && r.match.type === input.type);
    if (!rule) {
      const known = team.config.rules.filter((r) => r.kind === "event").map((r) => r.key);
      return invalid({ reason: "unknown_event_type", type: input.type, known });
    }
    const found = await resolveLead(tx, actor.teamId, ref);
    if (!found.ok) return found;
    const lead = found.value;
    const occurredAt = input.occurredAt ?? now;
    await insertEvent(tx, {
      teamId: actor.teamId,
      leadId: lead.id,
      type: input.type,
      occurredAt,
      source: "chat",
      note: input.note ?? null,
      createdAt: now,
    });
    if (input.type === "purchase") await updateLeadPurchase(tx, lead.id, occurredAt);
    const change = await rescoreOne(tx, team, lead.id, now, actor.memberId);
    return ok({
      change,
      points: rule.points,
      lead: {
        id: lead.id,
        name: lead.name,
        company: lead.company,
        score: change?.to.score ?? lead.score,
        tier: change?.to.tier ?? lead.tier,
        stage: change?.to.stage ?? lead.stage,
        owner: null,
      },
    });
  });
}

/** Something done with a lead: an event it had, or a call a teammate logged. */
export type Touch =
  | { at: Date; kind: "event"; type: string; note: string | null }
  | { at: Date; kind: "call"; outcome: string; note: string | null; member: string | null };

export interface LeadStatus {
  lead: LeadView & { email: string | null; phone: string | null; title: string | null };
  team: TeamContext;
  result: ScoreResult;
  touches: Touch[];
  trend: Array<{ day: Date; score: number }>;
  answers: Array<{ dimension: string; answer: "yes" | "no" | "unknown"; note: string | null }>;
}

const TREND_DAYS = 14;

/**
 * Everything `/lead status` shows. A lead named by id, email or phone is read with the team in
 * one statement; a name (or a reference that finds nothing) goes through resolveLead first, for
 * its candidates and suggestions.
 */
export async function leadStatus(deps: ServiceDeps, actor: Actor, ref: string): Promise<Result<LeadStatus>> {
  const now = deps.clock();
  // The first day of the trend, as the date column compares it.
  const sinceDay = new Date(now.getTime() - TREND_DAYS * 86_400_000).toISOString().slice(0, 10);
  const direct = directLookup(ref);
  let read = direct ? await readLeadStatus(deps.store.db, actor.teamId, direct, sinceDay) : null;
  if (!read?.status) {
    const found = await resolveLead(deps.store.db, actor.teamId, ref);
    if (!found.ok) return found;
    read = await readLeadStatus(deps.store.db, actor.teamId, { by: "id", id: found.value.id }, sinceDay);
  }
  const details = read.status;
  if (!details) return invalid({ reason: "lead_removed" });
  const team = teamContextOf(read.team);
  // With each line's detail as data, for the view to word in the reader's language.
  const result = scoreLead(team.config, details.facts, now, { facts: true });
  const lead = details.lead;
  const touches: Touch[] = [
    ...details.events.map((e) => ({ at: e.occurredAt, kind: "event" as const, type: e.type, note: e.note })),
    ...details.calls.map((c) => ({ at: c.loggedAt, kind: "call" as const, outcome: c.outcome, note: c.note, member: c.member })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, 3);
  return ok({
    team,
    result,
    touches,
    trend: details.snapshots,
    answers: details.answers
      .filter((a) => a.framework === team.config.framework)
      .map((a) => ({ dimension: a.dimension, answer: a.answer, note: a.note })),
    lead: {
      id: lead.id,
      name: lead.name,
      company: lead.company,
      email: lead.email,
      phone: lead.phone,
      title: lead.title,
      score: result.score,
      tier: result.tier.key,
      stage: lead.stage,
      owner: lead.owner,
    },
  });
}

const MAX_SNOOZE_MS = 30 * 86_400_000;

/** Silences a lead's hot alerts for a while; anyone on the team may snooze. */
export async function snoozeLeadAlerts(
  deps: ServiceDeps,
  actor: Actor,
  ref: string,
  durationMs: number,
): Promise<Result<{ lead: { id: number; name: string; company: string | null }; until: Date }>> {
  if (durationMs <= 0 || durationMs > MAX_SNOOZE_MS) return invalid({ reason: "snooze_out_of_range" });
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const found = await resolveLead(tx, actor.teamId, ref);
    if (!found.ok) return found;
    const until = new Date(now.getTime() + durationMs);
    await snoozeLead(tx, actor.teamId, found.value.id, until);
    return ok({ lead: { id: found.value.id, name: found.value.name, company: found.value.company }, until });
  });
}
