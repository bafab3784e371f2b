/**
 * /sources: what the team's tracking sources sent, and the mappings that turn page paths and
 * event names into rule types. Anyone on the team may look; changing a mapping is for managers
 * and admins and goes preview → confirm like a weights change: the preview re-types the stored
 * events the change touches in memory and re-scores only the leads that hold them.
 */
import { scoreAt } from "../domain/score.js";
import { textIssue } from "../domain/safe-input.js";
import {
  applyMappingEdit as editMappings,
  DEFAULT_SOURCE_MAPPINGS,
  isMapped,
  isPagePath,
  mappingsFingerprint,
  patternProblem,
  suggestType,
  typeForName,
  type MappingEdit,
  type SourceMapping,
} from "../domain/source-mapping.js";
import { tierFor } from "../domain/tiers.js";
import type { LeadFacts, Rule } from "../domain/types.js";
import { secondsSince } from "../metrics/elapsed.js";
import { loadLeadsWithFacts } from "../store/lead-facts.repository.js";
import type { Db } from "../store/store.js";
import {
  eventsNamedLike,
  leadsPerTier,
  listSources,
  retypeEvents,
  saveSourceMappings,
  topSeenNames,
  type NamedEventRow,
  type SourceRow,
} from "../store/tracking.repository.js";
import { isManager, type Actor } from "./actor.js";
import { rescoreWithAlerts } from "./alerts.service.js";
import type { ServiceDeps } from "./deps.js";
import { summarize, TierTally, type Mover, type PreviewEffect } from "./preview.service.js";
import { conflict, forbidden, invalid, ok, type Result } from "./result.js";
import { recordAudit } from "./team-admin.service.js";
import { loadTeamContext, type TeamContext } from "./team-context.js";
import { mappingsOf } from "./tracking.service.js";

export const SOURCES_MANAGERS_ONLY = { reason: "managers_only", what: "sources" } as const;

/** Unmapped names /sources shows, most seen first. */
const UNMAPPED_SHOWN = 8;

export interface UnmappedName {
  name: string;
  kind: "page" | "track";
  count: number;
  lastSeenAt: Date;
  /** The rule type the name most likely means, offered as a one-tap mapping; null when unclear. */
  suggestion: string | null;
}

export interface SourcesOverview {
  sources: SourceRow[];
  unmapped: UnmappedName[];
  /** How many more unmapped names there are beyond those shown. */
  moreUnmapped: number;
  mappings: SourceMapping[];
  /** True while the team uses the default mappings. */
  defaults: boolean;
  /** The event types the team's rules score: what a name can be mapped to. */
  ruleTypes: string[];
}

const eventRules = (team: TeamContext): Rule[] => team.config.rules.filter((r) => r.kind === "event" && r.active !== false);
const eventTypes = (team: TeamContext): string[] => [...new Set(eventRules(team).map((r) => (r.match as { type: string }).type))];


/** The sources with last seen and counts, the names not mapped yet (most seen first) and the mappings. */
export async function sourcesOverview(deps: ServiceDeps, actor: Actor): Promise<Result<SourcesOverview>> {
  const db = deps.store.db;
  const team = await loadTeamContext(db, actor.teamId);
  const mappings = mappingsOf(team);
  const types = eventTypes(team);
  const typeSet = new Set(types);
  const [sources, seen] = await Promise.all([listSources(db, actor.teamId), topSeenNames(db, actor.teamId, 500)]);
  const unmapped = seen
    .filter((s) => !isMapped(mappings, s.name, typeSet))
    .map((s): UnmappedName => ({ ...s, kind: isPagePath(s.name) ? "page" : "track", suggestion: suggestType(types, s.name) }));
  return ok({
    sources,
    unmapped: unmapped.slice(0, UNMAPPED_SHOWN),
    moreUnmapped: Math.max(0, unmapped.length - UNMAPPED_SHOWN),
    mappings: [...mappings],
    defaults: team.sourceMappings === null,
    ruleTypes: types,
  });
}

export interface MappingPreview extends PreviewEffect {
  edit: MappingEdit;
  /** Stored events of known leads whose type changes, and of visitors not identified yet. */
  eventsRetyped: number;
  anonymousRetyped: number;
  /** Confirms exactly this change against exactly these mappings (stale otherwise). */
  token: string;
}

export interface AppliedMapping {
  edit: MappingEdit;
  eventsRetyped: number;
  leadsChanged: number;
  nowInTopTier: number;
  topTier: string;
}

/** Checks an edit against the team: a pattern that can be a mapping, a type a rule scores, a pattern that is there to remove. */
function checkEdit(team: TeamContext, edit: MappingEdit): Result<SourceMapping[]> {
  const issue = textIssue(edit.pattern);
  if (issue) return invalid({ reason: "mapping_pattern_unfit", pattern: edit.pattern, problem: issue });
  const problem = patternProblem(edit.pattern);
  if (problem) return invalid({ reason: "mapping_pattern_unfit", pattern: edit.pattern, problem });
  if (edit.kind === "map" && !eventTypes(team).includes(edit.type)) return invalid({ reason: "mapping_type_unknown", type: edit.type, known: eventTypes(team) });
  const next = editMappings(mappingsOf(team), edit);
  if (!next) return invalid({ reason: "mapping_not_found", pattern: edit.pattern, patterns: mappingsOf(team).map((m) => m.pattern) });
  return ok(next);
}

interface Retyping {
  events: Array<NamedEventRow & { to: string }>;
  anonymous: Array<NamedEventRow & { to: string }>;
}

/** The stored events whose type `next` changes: only names the edited pattern (old or new) can match. */
async function retyping(db: Db, teamId: number, edit: MappingEdit, next: readonly SourceMapping[]): Promise<Retyping> {
  const rows = await eventsNamedLike(db, teamId, [edit.pattern]);
  const changed = rows.map((row) => ({ ...row, to: typeForName(next, row.name) })).filter((row) => row.to !== row.type);
  return { events: changed.filter((r) => r.leadId !== null), anonymous: changed.filter((r) => r.leadId === null) };
}

/** Facts with the retyped events swapped in (matched by type and time, so equal twins are interchangeable). */
function retypedFacts(facts: LeadFacts, changes: Array<NamedEventRow & { to: string }>): LeadFacts {
  const events = facts.events.map((e) => ({ ...e }));
  for (const change of changes) {
    const event = events.find((e) => e.type === change.type && e.occurredAt.getTime() === change.occurredAt.getTime());
    if (event) event.type = change.to;
  }
  return { ...facts, events };
}

/** What the edit would do to scores, computed in one read-only snapshot; nothing is written. */
export async function previewMappingEdit(deps: ServiceDeps, actor: Actor, edit: MappingEdit): Promise<Result<MappingPreview>> {
  if (!isManager(actor)) return forbidden(SOURCES_MANAGERS_ONLY);
  const now = deps.clock();
  return deps.store.snapshot(async (db) => {
    const team = await loadTeamContext(db, actor.teamId);
    const next = checkEdit(team, edit);
    if (!next.ok) return next;
    const change = await retyping(db, actor.teamId, edit, next.value);
    const byLead = new Map<number, Array<NamedEventRow & { to: string }>>();
    for (const row of change.events) byLead.set(row.leadId!, [...(byLead.get(row.leadId!) ?? []), row]);
    const loaded = await loadLeadsWithFacts(db, actor.teamId, [...byLead.keys()]);
    const config = team.config;
    const tally = new TierTally();
    const movers: Mover[] = [];
    const perTier = await leadsPerTier(db, actor.teamId);
    for (const { lead, facts } of loaded.values()) {
      perTier.set(lead.tier, (perTier.get(lead.tier) ?? 0) - 1);
      const fromScore = scoreAt(config, facts, now);
      const toScore = scoreAt(config, retypedFacts(facts, byLead.get(lead.id)!), now);
      const fromTier = tierFor(fromScore, config.tiers).key;
      const toTier = tierFor(toScore, config.tiers).key;
      tally.add(fromTier, toTier);
      if (fromScore !== toScore || fromTier !== toTier) movers.push({ id: lead.id, name: lead.name, fromScore, toScore, fromTier, toTier });
    }
    for (const [tier, count] of perTier) if (count > 0) tally.add(tier, tier, count);
    movers.sort((a, b) => a.id - b.id);
    const effect = summarize(config, config, summaryOf(edit), loaded.size, tally, movers);
    return ok({ ...effect, edit, eventsRetyped: change.events.length, anonymousRetyped: change.anonymous.length, token: mappingsFingerprint(mappingsOf(team)) });
  });
}

const summaryOf = (edit: MappingEdit): string => (edit.kind === "map" ? `map "${edit.pattern}" → ${edit.type}` : `unmap "${edit.pattern}"`);

/**
 * Applies an edit previewed against the mappings `token` names: stores the mappings, re-types
 * the stored events it touches and re-scores their leads, in one transaction. Leads it makes hot
 * are not announced one by one (the manager saw them in the preview) but count as alerted, as
 * with a weights change.
 */
export async function confirmMappingEdit(deps: ServiceDeps, actor: Actor, edit: MappingEdit, token: string): Promise<Result<AppliedMapping>> {
  if (!isManager(actor)) return forbidden(SOURCES_MANAGERS_ONLY);
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const team = await loadTeamContext(tx, actor.teamId);
    if (mappingsFingerprint(mappingsOf(team)) !== token) return conflict({ reason: "mappings_changed_since_preview" });
    const next = checkEdit(team, edit);
    if (!next.ok) return next;
    const change = await retyping(tx, actor.teamId, edit, next.value);
    await saveSourceMappings(tx, actor.teamId, next.value);
    await retypeEvents(tx, actor.teamId, { events: change.events.map((e) => ({ id: e.id, type: e.to })), anonymous: change.anonymous.map((e) => ({ id: e.id, type: e.to })) });
    const leadIds = [...new Set(change.events.map((e) => e.leadId!))].sort((a, b) => a - b);
    const started = performance.now();
    const { changes } = await rescoreWithAlerts(tx, team, leadIds, now, { memberId: actor.memberId, notify: false });
    deps.metrics?.rescore("sources", secondsSince(started));
    const mapped = { kind: "source_mapping", pattern: edit.pattern, type: edit.kind === "map" ? edit.type : null, retyped: change.events.length } as const;
    await recordAudit(tx, actor, "source_mapping", mapped, now);
    const topTier = team.config.tiers[0]!.key;
    const perTier = await leadsPerTier(tx, actor.teamId);
    return ok({ edit, eventsRetyped: change.events.length, leadsChanged: changes.length, nowInTopTier: perTier.get(topTier) ?? 0, topTier });
  });
}

/** The default mappings, for help texts. */
export const defaultMappings = (): readonly SourceMapping[] => DEFAULT_SOURCE_MAPPINGS;
