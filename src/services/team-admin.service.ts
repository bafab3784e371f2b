/**
 * Running a team in chat: who is on it and in which role, removing people, who may join, and
 * the audit of it all. Everyone may look; admins change. Every rule that protects the team
 * (at least one admin remains, only admins change roles) is enforced here, whatever the UI.
 */
import type { AdminSummary, AuditLeftHow } from "../domain/audit-summary.js";
import type { OutboxPlatform, Platform } from "../platforms/names.js";
import type { RoleName } from "../store/member.repository.js";
import { insertOutbox } from "../store/outbox.repository.js";
import {
  activeAdmins,
  endMemberFlows,
  findWaitingMember,
  insertAudit,
  latestAudit,
  lockTeam,
  reassignOpenLeads,
  setJoinMode,
  setMemberRole,
  setMemberStatus,
  setTeamTimezone,
  teamMembers,
  type AuditRow,
  type JoinModeName,
  type MemberRow,
} from "../store/team-admin.repository.js";
import type { Db } from "../store/store.js";
import { teamName } from "../store/team.repository.js";
import type { Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { outboxPayload } from "./outbox-message.js";
import { conflict, fail, forbidden, invalid, ok, type Result } from "./result.js";
import { loadTeamContext } from "./team-context.js";

export const ROLES = ["rep", "manager", "admin"] as const;
export const JOIN_MODES = ["open", "approval"] as const;
export const AUDIT_LIMIT = 50;

const ADMINS_ONLY = { reason: "admins_only", what: "team" } as const;
const isAdmin = (actor: Actor) => actor.role === "admin";

export type { AuditRow, MemberRow };

/** Everyone on the team (removed people too, marked), for anyone on it. */
export async function listTeamMembers(deps: ServiceDeps, actor: Actor): Promise<Result<{ members: MemberRow[] }>> {
  return ok({ members: await teamMembers(deps.store.db, actor.teamId) });
}

/**
 * The member someone named: a Slack mention (<@U123|name>), a Telegram @username, a platform
 * user id, `#<member id>`, or a fragment of the name. Several matches come back as choices.
 */
export async function findPerson(deps: ServiceDeps, actor: Actor, ref: string, options: { includeRemoved?: boolean } = {}): Promise<Result<MemberRow>> {
  const members = (await teamMembers(deps.store.db, actor.teamId)).filter((m) => options.includeRemoved || m.status !== "removed");
  const typed = ref.trim();
  const mention = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(typed);
  const byId = /^#(\d+)$/.exec(typed);
  if (byId) return one(members.filter((m) => m.id === Number(byId[1])), typed, members);
  if (mention) return one(members.filter((m) => m.externalId === mention[1]), typed, members);
  const text = typed.replace(/^@/, "").toLowerCase();
  if (text === "") return invalid({ reason: "member_ref_empty" });
  if (["me", "myself"].includes(text)) return one(members.filter((m) => m.id === actor.memberId), typed, members);
  const exact = members.filter((m) => m.username === text || m.externalId.toLowerCase() === text || m.displayName.toLowerCase() === text);
  if (exact.length > 0) return one(exact, typed, members);
  const partial = members.filter((m) => m.displayName.toLowerCase().includes(text) || (m.username ?? "").startsWith(text));
  return one(partial, typed, members);
}

function one(found: MemberRow[], typed: string, everyone: MemberRow[]): Result<MemberRow> {
  if (found.length === 1) return ok(found[0]!);
  if (found.length > 1) {
    return fail({ code: "which_member", reason: "member_ambiguous", typed, candidates: found.map(candidate) });
  }
  return fail({ code: "which_member", reason: "member_not_found", typed, candidates: everyone.slice(0, 8).map(candidate) });
}

const candidate = (m: MemberRow) => ({ id: m.id, name: m.displayName });

/** The team's admins after a change, which must not be none. */
async function remainingAdminsWithout(tx: Db, teamId: number, memberId: number): Promise<number> {
  return (await activeAdmins(tx, teamId)).filter((m) => m.id !== memberId).length;
}

export interface RoleChange {
  member: MemberRow;
  from: RoleName;
  to: RoleName;
}

/** Gives a teammate a role (admins only). The team's last admin stays an admin. */
export async function changeRole(deps: ServiceDeps, actor: Actor, memberId: number, role: RoleName): Promise<Result<RoleChange>> {
  if (!isAdmin(actor)) return forbidden(ADMINS_ONLY);
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    await lockTeam(tx, actor.teamId);
    const member = (await teamMembers(tx, actor.teamId)).find((m) => m.id === memberId);
    if (!member) return invalid({ reason: "member_not_on_team" });
    if (member.status === "removed") {
      // An admin bringing someone back: they return with the role given.
      await setMemberStatus(tx, actor.teamId, member.id, "active", now, role);
      await insertAudit(tx, { teamId: actor.teamId, memberId: actor.memberId, action: "member_returned", summary: { kind: "member_returned", member: member.displayName, role }, at: now });
      return ok({ member: { ...member, role, status: "active" }, from: member.role, to: role });
    }
    if (member.role === role) return conflict({ reason: "already_role", member: member.displayName, role });
    if (member.role === "admin" && (await remainingAdminsWithout(tx, actor.teamId, member.id)) === 0) {
      return conflict({ reason: "last_admin", member: member.displayName });
    }
    await setMemberRole(tx, actor.teamId, member.id, role);
    await insertAudit(tx, { teamId: actor.teamId, memberId: actor.memberId, action: "role_changed", summary: { kind: "role_changed", member: member.displayName, from: member.role, to: role }, at: now });
    return ok({ member: { ...member, role }, from: member.role, to: role });
  });
}

export interface Removal {
  member: MemberRow;
  /** Open leads they owned, still theirs until someone decides. */
  openLeads: number;
  /** Who their leads could go to. */
  teammates: Array<{ id: number; name: string }>;
}

/** Removes a teammate (admins only): their access ends at once and their forms end. History stays. */
export async function removeMember(deps: ServiceDeps, actor: Actor, memberId: number): Promise<Result<Removal>> {
  if (!isAdmin(actor)) return forbidden(ADMINS_ONLY);
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    await lockTeam(tx, actor.teamId);
    const members = await teamMembers(tx, actor.teamId);
    const member = members.find((m) => m.id === memberId);
    if (!member || member.status === "removed") return invalid({ reason: "member_already_gone" });
    if (member.role === "admin" && member.status === "active" && (await remainingAdminsWithout(tx, actor.teamId, member.id)) === 0) {
      return conflict({ reason: "last_admin", member: member.displayName });
    }
    await setMemberStatus(tx, actor.teamId, member.id, "removed", now);
    await endMemberFlows(tx, actor.teamId, member.platform, member.externalId);
    await insertAudit(tx, { teamId: actor.teamId, memberId: actor.memberId, action: "member_removed", summary: { kind: "member_removed", member: member.displayName }, at: now });
    const teammates = members.filter((m) => m.id !== member.id && m.status === "active").map(candidate);
    return ok({ member: { ...member, status: "removed" }, openLeads: member.openLeads, teammates });
  });
}

/** Gives a member's open leads to a teammate, or leaves them unclaimed (admins only). */
export async function reassignLeadsOf(
  deps: ServiceDeps,
  actor: Actor,
  fromMemberId: number,
  toMemberId: number | null,
): Promise<Result<{ from: string; to: string | null; moved: number }>> {
  if (!isAdmin(actor)) return forbidden(ADMINS_ONLY);
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const members = await teamMembers(tx, actor.teamId);
    const from = members.find((m) => m.id === fromMemberId);
    const to = toMemberId === null ? null : members.find((m) => m.id === toMemberId && m.status === "active");
    if (!from || to === undefined) return invalid({ reason: "member_not_on_team" });
    const moved = await reassignOpenLeads(tx, actor.teamId, from.id, to?.id ?? null);
    const summary = { kind: "leads_reassigned", from: from.displayName, to: to?.displayName ?? null, moved } as const;
    await insertAudit(tx, { teamId: actor.teamId, memberId: actor.memberId, action: "leads_reassigned", summary, at: now });
    return ok({ from: from.displayName, to: to?.displayName ?? null, moved });
  });
}

/**
 * What each admin is told, privately, when someone left on their own (the platform said so)
 * while owning open leads: the same one-tap choice /team remove offers (the view words it).
 */
export interface LeadsOffer {
  teamName: string;
  /**
   * The person who left, and how: as stored ("left the group", "was deactivated in Slack"), and
   * as the platform said it (`left`, worded by the view; absent in offers queued before it).
   */
  member: { id: number; name: string; how: string; left?: LeftHow };
  openLeads: number;
  /** Who their leads could go to: the teammates still on the team when they left. */
  teammates: Array<{ id: number; name: string }>;
  /** The admin being told. */
  adminName: string;
}

/** How someone left, as the platform says it; the view words it in the reader's language. */
export type LeftHow = AuditLeftHow;

/**
 * What is stored of how someone left (Member.leftHow, which a platform re-admits by): the same
 * English words as ever, so stored rows keep matching. The audit keeps how as data.
 */
export function leftHowText(how: LeftHow | string): string {
  if (typeof how === "string") return how;
  if (how.kind === "removed") return `was removed from the group by ${how.by}`;
  return how.kind === "deactivated" ? "was deactivated in Slack" : "left the group";
}

/** How someone left, read back from the words leftHowText stores; null for other words. */
function leftHowOf(text: string): LeftHow | null {
  if (text === "left the group") return { kind: "left" };
  if (text === "was deactivated in Slack") return { kind: "deactivated" };
  const by = /^was removed from the group by (.+)$/.exec(text)?.[1];
  return by ? { kind: "removed", by } : null;
}

/** An admin the bot can write to privately (not on the console). */
const onChatPlatform = <M extends { platform: Platform }>(m: M): m is M & { platform: OutboxPlatform } => m.platform !== "console";

/**
 * Someone left the team's group or was deactivated in the workspace: the platform says so,
 * nobody asked. If they were the last admin, the longest-serving manager (else member) becomes
 * admin, so the team is never without one. If they owned open leads, each admin (the new one
 * too) is offered them privately: queued in the outbox in the same transaction, so a leaving
 * is offered once however many updates report it (the second finds them gone already).
 */
export async function memberLeft(
  deps: ServiceDeps,
  teamId: number,
  person: { platform: MemberRow["platform"]; externalId: string },
  left: LeftHow | string,
): Promise<{ member: MemberRow; promoted: MemberRow | null; offeredTo: number } | null> {
  const now = deps.clock();
  const how = leftHowText(left);
  return deps.store.transaction(async (tx) => {
    await lockTeam(tx, teamId);
    const members = await teamMembers(tx, teamId);
    const member = members.find((m) => m.platform === person.platform && m.externalId === person.externalId);
    if (!member || member.status === "removed") return null;
    await setMemberStatus(tx, teamId, member.id, "removed", now, undefined, how);
    await endMemberFlows(tx, teamId, member.platform, member.externalId);
    const known = typeof left === "string" ? leftHowOf(left) : left;
    // How someone left, told in words we do not know, is stored as those words.
    const summary = known ? ({ kind: "member_left", member: member.displayName, left: known } as const) : `${member.displayName} ${how}`;
    await insertAudit(tx, { teamId, memberId: null, action: "member_left", summary, at: now });
    const others = members.filter((m) => m.id !== member.id && m.status === "active");
    let promoted: MemberRow | null = null;
    if (member.role === "admin" && (await remainingAdminsWithout(tx, teamId, member.id)) === 0) {
      promoted = others.find((m) => m.role === "manager") ?? others[0] ?? null;
      if (promoted) {
        await setMemberRole(tx, teamId, promoted.id, "admin");
        await insertAudit(tx, { teamId, memberId: null, action: "role_changed", summary: { kind: "role_changed", member: promoted.displayName, from: promoted.role, to: "admin", lastAdminLeft: true }, at: now });
      }
    }
    const offeredTo = member.openLeads > 0 ? await offerLeads(tx, teamId, member, left, others, promoted, now) : 0;
    return { member, promoted, offeredTo };
  });
}

/** Queues the leads offer to each of the team's admins who can be written to privately; answers how many. */
async function offerLeads(tx: Db, teamId: number, member: MemberRow, left: LeftHow | string, others: MemberRow[], promoted: MemberRow | null, at: Date): Promise<number> {
  const admins = others.filter((m) => m.role === "admin" || m.id === promoted?.id).filter(onChatPlatform);
  if (admins.length === 0) return 0;
  const name = await teamName(tx, teamId);
  for (const admin of admins) {
    const who = { id: member.id, name: member.displayName, how: leftHowText(left), ...(typeof left === "string" ? {} : { left }) };
    const offer: LeadsOffer = { teamName: name, member: who, openLeads: member.openLeads, teammates: others.map(candidate), adminName: admin.displayName };
    await insertOutbox(tx, {
      teamId,
      kind: "notice",
      platform: admin.platform,
      // A person's id is their private chat with the bot (Telegram) or their DM with the app (Slack).
      channel: admin.externalId,
      payload: outboxPayload("leads_offer", offer) as object,
      dedupeKey: `leads-offer:${teamId}:${member.id}:${admin.id}:${at.getTime()}`,
      nextAttemptAt: at,
      createdAt: at,
    });
  }
  return admins.length;
}

/**
 * Someone removed earlier is back in the group or workspace: they return as a rep. `ifLeft`:
 * only if they had left that way (memberLeft's `how`), for a platform whose "they are here"
 * is not news (Slack sends deleted: false with every profile change, which must not undo an
 * admin's /team remove).
 */
export async function memberReturned(
  deps: ServiceDeps,
  teamId: number,
  person: { platform: MemberRow["platform"]; externalId: string },
  options: { ifLeft?: string } = {},
): Promise<MemberRow | null> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const member = (await teamMembers(tx, teamId)).find((m) => m.platform === person.platform && m.externalId === person.externalId);
    if (!member || member.status !== "removed") return null;
    if (options.ifLeft !== undefined && member.leftHow !== options.ifLeft) return null;
    await setMemberStatus(tx, teamId, member.id, "active", now, "rep");
    await insertAudit(tx, { teamId, memberId: null, action: "member_returned", summary: { kind: "member_returned", member: member.displayName, role: "rep" }, at: now });
    return { ...member, status: "active", role: "rep", leftHow: null };
  });
}

/** Approves or declines a newcomer waiting to join (admins only). Approved: their waiting command, to run now. */
export async function decideJoin(
  deps: ServiceDeps,
  actor: Actor,
  memberId: number,
  approve: boolean,
): Promise<Result<{ member: MemberRow; waiting: { line: string; channelId: string | null } | null; newcomer: Actor }>> {
  if (!isAdmin(actor)) return forbidden(ADMINS_ONLY);
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const row = await findWaitingMember(tx, actor.teamId, memberId);
    if (!row) return invalid({ reason: "not_waiting_to_join" });
    if (row.status !== "pending") return conflict({ reason: "join_already_decided", member: row.displayName, decision: row.status === "active" ? "approved" : "declined" });
    const waiting = approve ? row.waitingCommand : null;
    await setMemberStatus(tx, actor.teamId, row.id, approve ? "active" : "removed", now, "rep");
    await insertAudit(tx, { teamId: actor.teamId, memberId: actor.memberId, action: approve ? "join_approved" : "join_declined", summary: { kind: "join_decided", member: row.displayName, approved: approve }, at: now });
    const member = (await teamMembers(tx, actor.teamId)).find((m) => m.id === row.id)!;
    return ok({ member, waiting, newcomer: { teamId: actor.teamId, memberId: row.id, role: "rep", name: row.displayName } });
  });
}

export async function changeJoinMode(deps: ServiceDeps, actor: Actor, mode: JoinModeName): Promise<Result<{ mode: JoinModeName }>> {
  if (!isAdmin(actor)) return forbidden(ADMINS_ONLY);
  await deps.store.transaction(async (tx) => {
    await setJoinMode(tx, actor.teamId, mode);
    await insertAudit(tx, { teamId: actor.teamId, memberId: actor.memberId, action: "join_mode", summary: { kind: "join_mode", mode }, at: deps.clock() });
  });
  return ok({ mode });
}

/** An IANA time zone as the platform knows it ("europe/kyiv" → "Europe/Kyiv"), or null. */
export function canonicalTimezone(typed: string): string | null {
  const wanted = typed.trim().toLowerCase();
  if (wanted === "utc" || wanted === "gmt") return "UTC";
  const listed = Intl.supportedValuesOf("timeZone").find((zone) => zone.toLowerCase() === wanted);
  if (listed) return listed;
  // Newer names (Europe/Kyiv) are accepted by Intl as aliases before they are listed.
  const cased = wanted.replace(/(^|[/_-])([a-z])/g, (_, sep: string, letter: string) => sep + letter.toUpperCase());
  try {
    new Intl.DateTimeFormat("en", { timeZone: cased });
    return cased;
  } catch {
    return null;
  }
}

export async function changeTimezone(deps: ServiceDeps, actor: Actor, typed: string): Promise<Result<{ timezone: string }>> {
  if (!isAdmin(actor) && actor.role !== "manager") return forbidden({ reason: "managers_only", what: "timezone" });
  const timezone = canonicalTimezone(typed);
  if (!timezone) return invalid({ reason: "unknown_timezone", typed });
  await deps.store.transaction(async (tx) => {
    await setTeamTimezone(tx, actor.teamId, timezone);
    await insertAudit(tx, { teamId: actor.teamId, memberId: actor.memberId, action: "timezone", summary: { kind: "timezone", timezone }, at: deps.clock() });
  });
  return ok({ timezone });
}

/** The latest administrative and weight changes (admins only). */
export async function teamAudit(deps: ServiceDeps, actor: Actor): Promise<Result<{ entries: AuditRow[]; timezone: string }>> {
  if (!isAdmin(actor)) return forbidden({ reason: "admins_only", what: "audit" });
  const [entries, team] = await Promise.all([latestAudit(deps.store.db, actor.teamId, AUDIT_LIMIT), loadTeamContext(deps.store.db, actor.teamId)]);
  return ok({ entries, timezone: team.timezone });
}

/** Writes an administrative change others make (an API key created or revoked) to the audit, as data the audit's view words. */
export async function recordAudit(db: Db, actor: Actor, action: string, summary: AdminSummary, at: Date): Promise<void> {
  await insertAudit(db, { teamId: actor.teamId, memberId: actor.memberId, action, summary, at });
}

