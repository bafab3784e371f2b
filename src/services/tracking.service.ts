/**
 * Tracking in the Segment format (what Segment, RudderStack, Jitsu and their libraries send):
 * `track`, `page`, `identify` and `alias` messages become leads and events, in one transaction
 * per batch like the events API (src/services/ingest.service.ts), whose validation rules,
 * identity matching, lead creation and batch re-scoring with alerts this reuses.
 *
 * - `messageId` is the idempotency key, shared with the events API's `id`: a retried batch is
 *   answered `duplicate` item by item and never counts twice.
 * - Times are corrected for the sender's clock: timestamp + (received − sentAt).
 * - A `userId` is the lead's external id (or an alias of it, when the lead already has another);
 *   `identify` traits fill email, phone, name, company and title, the other plain traits become
 *   fit attributes.
 * - Activity of a visitor with only an `anonymousId` waits in `anonymous_event`, scoring
 *   nothing; the `identify` (or any message with both ids) that links the anonymousId to a lead
 *   moves it to the lead, which is re-scored, and alerted if that makes it hot.
 * - Page paths and event names become rule types through the team's source mappings
 *   (src/domain/source-mapping.ts); /sources shows what came and what is not mapped yet.
 */
import { z } from "zod";
import { LIMITS } from "../domain/limits.js";
import { attributesSchema, describeIssues, jsonProblem, pastDateProblem, safeText, textProblem } from "../domain/safe-input.js";
import { correctedTime, DEFAULT_SOURCE_MAPPINGS, MAX_PATTERN, PAGE_VIEW_TYPE, typeForName, type SourceMapping } from "../domain/source-mapping.js";
import { secondsSince } from "../metrics/elapsed.js";
import { insertEvents, lockLeads, updateLeads, type EventRow, type LeadUpdateRow, type NewLeadRow } from "../store/ingest.repository.js";
import {
  findTrackingKnowns,
  insertAliases,
  insertAnonymousEvents,
  recordSeenNames,
  recordSource,
  takeAnonymousEvents,
  type AliasRow,
  type AnonymousEventRow,
} from "../store/tracking.repository.js";
import type { Db } from "../store/store.js";
import { planBeside, rescoreBatchWithAlerts } from "./alerts.service.js";
import { AttributeBudget } from "./attribute-budget.js";
import type { ServiceDeps } from "./deps.js";
import {
  answerRepeats,
  attributeRefusalReason,
  checkBatch,
  counts,
  createPlannedLeads,
  email,
  indexOf,
  inTransaction,
  LEADS_AHEAD,
  leadName,
  phone,
  purchasesOf,
  type BatchResult,
  type Checked,
  type Identity,
  type ItemResult,
} from "./ingest.service.js";
import { normaliseEmail, normalisePhone } from "./lead-ref.js";
import { loadTeamContext, type TeamContext } from "./team-context.js";

/** Who is sending, already authenticated by the caller (an API key; the website snippet's public key). */
export interface TrackingCaller {
  teamId: number;
  /** The key that authenticated the request; null when the caller authenticated otherwise. */
  apiKeyId: number | null;
  /** What stored events say they came from (`event.source`); default "tracking". */
  source?: string;
  /**
   * A caller anyone can imitate (the website snippet's public key: its Origin can be forged
   * outside a browser). Its identify fills a lead's empty fields and never overwrites one.
   */
  untrusted?: boolean;
}

/** A batch as the HTTP API received it. */
export interface TrackingRequest {
  messages: readonly unknown[];
  /** The batch's own `sentAt`, used for messages that carry none. */
  sentAt?: unknown;
  /** The batch's own `context`, whose library names the source when a message does not. */
  context?: unknown;
}

/** The message types the API accepts; `screen` and `group` are taken and stored nowhere. */
export const MESSAGE_TYPES = ["track", "page", "identify", "alias", "screen", "group"] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

const DEFAULT_SOURCE = "tracking";
const UNKNOWN_LIBRARY = "unknown";

// ---- validation ----------------------------------------------------------------------------

const isoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-06-01T09:00:00Z" });
/** Segment ids are strings; libraries have sent numbers too, which are read as their text. */
const id = z.union([safeText(LIMITS.externalId), z.number().refine(Number.isFinite, "must be finite").transform(String)]);
const jsonRecord = z.record(z.string(), z.unknown());
const library = z.looseObject({ name: safeText(100).optional() });

const Message = z.looseObject({
  type: z.preprocess((t) => (typeof t === "string" ? t.toLowerCase() : t), z.enum(MESSAGE_TYPES, { message: `must be one of ${MESSAGE_TYPES.join(", ")}` })),
  messageId: safeText(LIMITS.externalId).optional(),
  userId: id.nullish(),
  anonymousId: id.nullish(),
  previousId: id.nullish(),
  event: safeText(LIMITS.eventType).optional(),
  name: z.string().nullish(),
  properties: jsonRecord.nullish(),
  traits: jsonRecord.nullish(),
  context: z.looseObject({ traits: jsonRecord.nullish(), library: library.nullish(), page: jsonRecord.nullish() }).nullish(),
  timestamp: isoTime.nullish(),
  originalTimestamp: isoTime.nullish(),
  sentAt: isoTime.nullish(),
});

const text = (max: number) => safeText(max);
const Traits = z.looseObject({
  email: email.optional(),
  phone: phone.optional(),
  name: text(LIMITS.leadText).optional(),
  firstName: text(LIMITS.leadText).optional(),
  lastName: text(LIMITS.leadText).optional(),
  company: z.union([text(LIMITS.leadText), z.looseObject({ name: text(LIMITS.leadText).optional() })]).optional(),
  title: text(LIMITS.leadText).optional(),
});

/** Traits that are the lead's own fields or ids, never fit attributes. */
const PROFILE_TRAITS = new Set(["email", "phone", "name", "firstName", "lastName", "company", "title", "id", "userId", "anonymousId"]);

interface Profile {
  email: string | null;
  phone: string | null;
  name: string | null;
  company: string | null;
  title: string | null;
  attributes: Record<string, unknown> | null;
}

interface ValidMessage {
  index: number;
  type: MessageType;
  key: string | null;
  userId: string | null;
  anonymousId: string | null;
  /** A page's path or a track call's event name; null for a page without a path. */
  name: string | null;
  occurredAt: Date;
  payload: string | null;
  /** identify only. */
  profile: Profile | null;
  library: string;
}

/** A page's path: `properties.path`, the context's, or the path of its URL; query and fragment left out. */
function pagePath(properties: Record<string, unknown>, page: Record<string, unknown> | null | undefined): string | null {
  const given = [properties.path, page?.path].find((p): p is string => typeof p === "string" && p.startsWith("/"));
  let path = given;
  if (path === undefined) {
    const url = [properties.url, page?.url].find((u): u is string => typeof u === "string");
    if (url !== undefined && URL.canParse(url)) path = new URL(url).pathname;
  }
  if (path === undefined) return null;
  // A long path is cut rather than refused: what mappings match is its beginning.
  return path.split(/[?#]/)[0]!.slice(0, MAX_PATTERN) || "/";
}

function profileOf(raw: Record<string, unknown>): Checked<Profile> {
  // Forms send empty fields as ""; they say nothing rather than something wrong.
  const traits = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== "" && v !== null && v !== undefined));
  const parsed = Traits.safeParse(traits);
  if (!parsed.success) return { ok: false, reason: `traits: ${describeIssues(parsed.error)}`, code: "invalid_field" };
  const t = parsed.data;
  const joined = [t.firstName, t.lastName].filter(Boolean).join(" ").slice(0, LIMITS.leadText);
  // Plain values become fit attributes; nested ones (an address object) are left out.
  const rest = Object.entries(traits).filter(([key, value]) => !PROFILE_TRAITS.has(key) && (value === null || ["string", "number", "boolean"].includes(typeof value)));
  let attributes: Record<string, unknown> | null = null;
  if (rest.length > 0) {
    const checked = attributesSchema.safeParse(Object.fromEntries(rest));
    if (!checked.success) return { ok: false, reason: `traits: ${describeIssues(checked.error)}`, code: "invalid_field" };
    attributes = checked.data;
  }
  return {
    ok: true,
    value: {
      email: t.email ? normaliseEmail(t.email) : null,
      phone: t.phone ? normalisePhone(t.phone) : null,
      name: t.name ?? (joined || null),
      company: typeof t.company === "string" ? t.company : (t.company?.name ?? null),
      title: t.title ?? null,
      attributes,
    },
  };
}

function payloadOf(value: Record<string, unknown> | null): Checked<string | null> {
  if (!value || Object.keys(value).length === 0) return { ok: true, value: null };
  const problem = jsonProblem(value);
  if (problem) return { ok: false, reason: `properties ${problem}`, code: "bad_payload" };
  const json = JSON.stringify(value);
  if (Buffer.byteLength(json) > LIMITS.payloadBytes) return { ok: false, reason: `properties are larger than ${LIMITS.payloadBytes} bytes`, code: "bad_payload" };
  return { ok: true, value: json };
}

const batchSentAt = (value: unknown): Date | null => (isoTime.safeParse(value).success ? new Date(value as string) : null);

function libraryOf(context: unknown): string | null {
  const parsed = z.looseObject({ library: library.nullish() }).safeParse(context);
  return parsed.success ? (parsed.data.library?.name ?? null) : null;
}

/** One message checked in full, before any transaction: what it is, who, when, and what it carries. */
export function checkMessage(raw: unknown, index: number, now: Date, batch: { sentAt: Date | null; library: string | null }): Checked<ValidMessage> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, reason: "each message must be a JSON object", code: "not_object" };
  const parsed = Message.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error), code: "invalid_field" };
  const m = parsed.data;
  const userId = m.userId ?? null;
  // An alias names the earlier (anonymous) id as previousId.
  const anonymousId = (m.type === "alias" ? m.previousId : m.anonymousId) ?? null;
  if (m.type === "alias" && (!userId || !anonymousId)) return { ok: false, reason: "an alias needs a userId and a previousId", code: "no_identity" };
  if (!userId && !anonymousId && m.type !== "group" && m.type !== "screen") return { ok: false, reason: "the message needs a userId or an anonymousId", code: "no_identity" };
  const stamp = m.timestamp ?? m.originalTimestamp;
  const sentAt = m.sentAt ? new Date(m.sentAt) : batch.sentAt;
  const occurredAt = correctedTime(stamp ? new Date(stamp) : null, sentAt, now);
  const dateProblem = pastDateProblem(occurredAt, now);
  if (dateProblem) return { ok: false, reason: `timestamp ${dateProblem}`, code: "bad_date" };

  let name: string | null = null;
  let payload: string | null = null;
  let profile: Profile | null = null;
  const properties = m.properties ?? {};
  if (m.type === "track") {
    if (!m.event) return { ok: false, reason: "a track call needs an event name", code: "invalid_field" };
    name = m.event;
  } else if (m.type === "page") {
    name = pagePath(properties, m.context?.page);
    const problem = name === null ? null : textProblem(name);
    if (problem) return { ok: false, reason: `path ${problem}`, code: "invalid_field" };
  } else if (m.type === "identify") {
    const checked = profileOf(m.traits ?? m.context?.traits ?? {});
    if (!checked.ok) return checked;
    profile = checked.value;
    if (!userId && !profile.email && !profile.phone) return { ok: false, reason: "an identify needs a userId, or an email or phone in its traits", code: "no_identity" };
  }
  if (m.type === "track" || m.type === "page") {
    const pageName = m.type === "page" && typeof m.name === "string" && m.name !== "" ? { name: m.name } : {};
    const checked = payloadOf({ ...pageName, ...properties });
    if (!checked.ok) return checked;
    payload = checked.value;
  }
  return {
    ok: true,
    value: {
      index,
      type: m.type,
      key: m.messageId ?? null,
      userId,
      anonymousId,
      name,
      occurredAt,
      payload,
      profile,
      library: m.context?.library?.name ?? batch.library ?? UNKNOWN_LIBRARY,
    },
  };
}

// ---- the use case --------------------------------------------------------------------------

/** The team's source mappings: its own, or the defaults until a manager changes them. */
export const mappingsOf = (team: Pick<TeamContext, "sourceMappings">): readonly SourceMapping[] => team.sourceMappings ?? DEFAULT_SOURCE_MAPPINGS;

/** A page without a path is a plain visit. */
const typeOf = (mappings: readonly SourceMapping[], message: Pick<ValidMessage, "name">): string =>
  message.name !== null ? typeForName(mappings, message.name) : PAGE_VIEW_TYPE;

/**
 * Stores a batch of Segment-format messages for the caller's team. Every message is answered
 * (accepted, duplicate, rejected with the reason); a rejected one writes nothing and never fails
 * the others.
 */
export async function ingestTracking(deps: ServiceDeps, caller: TrackingCaller, request: TrackingRequest): Promise<BatchResult> {
  const now = deps.clock();
  const source = caller.source ?? DEFAULT_SOURCE;
  const batch = { sentAt: batchSentAt(request.sentAt), library: libraryOf(request.context) };
  const checked = checkBatch(request.messages, (raw, index) => checkMessage(raw, index, now, batch));
  const { results, valid } = checked;
  if (valid.length > 0) {
    await createTrackedUsers(deps, caller.teamId, valid, now);
    await inTransaction(deps, (tx) => storeMessages(deps, tx, { ...caller, source }, valid, results, now));
  }
  answerRepeats(checked);
  return counts(results);
}


/**
 * Creates, in a short transaction of its own, the leads that the batch's track and page calls
 * introduce by a userId nobody knows yet, as the events API does (ingestEvents): with several
 * clients sending a stream, most batches name users the previous ones introduced, and would
 * otherwise wait for the whole transaction of the batch creating them.
 *
 * Only users whose lead the batch cannot decide otherwise are created here: none that an
 * identify or alias of the batch names (its traits may point to an existing lead, or be refused),
 * and none of whose messages carries an anonymousId that is linked to a lead already or named by
 * such a call. Those, and anything refused, stay with the batch's own transaction, so a refused
 * item still creates no lead. A track or page call is never refused once it passed its checks.
 * Like the events API, a lead created here whose batch then fails exists without its events;
 * it is due for a re-score, and a resend finds it (README, "Connect your website and tools").
 */
async function createTrackedUsers(deps: ServiceDeps, teamId: number, valid: ValidMessage[], now: Date): Promise<void> {
  const identifying = valid.filter((m) => m.type === "identify" || m.type === "alias");
  const namedUsers = new Set(identifying.flatMap((m) => (m.userId === null ? [] : [m.userId])));
  const namedVisitors = new Set(identifying.flatMap((m) => (m.anonymousId === null ? [] : [m.anonymousId])));
  // Users per visitor id: a visitor seen with two users in one batch sends the second user's
  // activity to the first one's lead (the batch links the visitor to the first), so neither is
  // created ahead.
  const usersOfVisitor = new Map<string, Set<string>>();
  const byUser = new Map<string, ValidMessage[]>();
  for (const m of valid) {
    if ((m.type !== "track" && m.type !== "page") || m.userId === null || namedUsers.has(m.userId)) continue;
    byUser.set(m.userId, [...(byUser.get(m.userId) ?? []), m]);
    if (m.anonymousId !== null) usersOfVisitor.set(m.anonymousId, (usersOfVisitor.get(m.anonymousId) ?? new Set()).add(m.userId));
  }
  const shared = (m: ValidMessage) => m.anonymousId !== null && (namedVisitors.has(m.anonymousId) || usersOfVisitor.get(m.anonymousId)!.size > 1);
  for (const [userId, messages] of byUser) if (messages.some(shared)) byUser.delete(userId);
  if (byUser.size === 0) return;
  await inTransaction(deps, async (tx) => {
    const messages = [...byUser.values()].flat();
    const userIds = [...byUser.keys()];
    const known = await findTrackingKnowns(tx, teamId, {
      keys: messages.flatMap((m) => (m.key === null ? [] : [m.key])),
      emails: [],
      phones: [],
      externalIds: userIds,
      anonymousIds: [...new Set(messages.flatMap((m) => (m.anonymousId === null ? [] : [m.anonymousId])))],
      userIds,
    });
    const storedKeys = new Set(known.stored.map((s) => s.key));
    const knownUsers = new Set([...known.leads.map((l) => l.externalId), ...known.aliases.filter((a) => a.kind === "user").map((a) => a.value)]);
    const linkedVisitors = new Set(known.aliases.filter((a) => a.kind === "anonymous").map((a) => a.value));
    const planned: NewLeadRow[] = [];
    for (const [userId, own] of byUser) {
      if (knownUsers.has(userId) || own.some((m) => m.anonymousId !== null && linkedVisitors.has(m.anonymousId))) continue;
      // A retry of messages already stored introduces no one.
      if (own.every((m) => m.key !== null && storedKeys.has(m.key))) continue;
      const identity: Identity = { email: null, phone: null, externalId: userId };
      planned.push({ name: leadName(identity, null), ...identity, company: null, title: null, attributes: null, cycleDays: null, lastPurchaseAt: null });
    }
    await createPlannedLeads(tx, teamId, planned, now, CREATED_REASON, { scoredLater: true });
  }, LEADS_AHEAD);
}

const CREATED_REASON = "added by website tracking";

/** One batch's writes, in its transaction; fills `results` (placeholders of new leads resolved at the end). */
async function storeMessages(
  deps: ServiceDeps,
  tx: Db,
  caller: TrackingCaller & { source: string },
  valid: ValidMessage[],
  results: ItemResult[],
  now: Date,
): Promise<void> {
  const { teamId } = caller;
  const team = await loadTeamContext(tx, teamId);
  const mappings = mappingsOf(team);
  const uniq = (values: Array<string | null | undefined>) => [...new Set(values.filter((v): v is string => typeof v === "string"))];
  const known = await findTrackingKnowns(tx, teamId, {
    keys: uniq(valid.map((m) => m.key)),
    emails: uniq(valid.map((m) => m.profile?.email)),
    phones: uniq(valid.map((m) => m.profile?.phone)),
    externalIds: uniq(valid.map((m) => m.userId)),
    anonymousIds: uniq(valid.map((m) => m.anonymousId)),
    userIds: uniq(valid.map((m) => m.userId)),
  });
  const stored = new Map(known.stored.map((s) => [s.key, s]));
  const index = indexOf(known.leads);
  const storedExternalId = new Map(known.leads.map((l) => [l.id, l.externalId]));
  const anonLead = new Map<string, number>();
  const userLead = new Map<string, number>();
  for (const alias of known.aliases) (alias.kind === "anonymous" ? anonLead : userLead).set(alias.value, alias.leadId);

  const carrying = valid.filter((m) => m.profile?.attributes);
  const budget =
    carrying.length > 0
      ? await AttributeBudget.load(tx, teamId, known.leads.map((l) => l.id), uniq(carrying.flatMap((m) => Object.keys(m.profile!.attributes!))))
      : null;

  const planned: NewLeadRow[] = [];
  const updates = new Map<number, LeadUpdateRow>();
  const aliases: AliasRow[] = [];
  const leadEvents: Array<{ message: ValidMessage; leadId: number }> = [];
  const waiting: ValidMessage[] = [];
  const identified: Array<{ message: ValidMessage; leadId: number }> = [];
  const accepted: ValidMessage[] = [];

  const byUser = (userId: string) => index.byExternalId.get(userId) ?? userLead.get(userId);
  const plan = (row: NewLeadRow, identity: Identity): number => {
    planned.push(row);
    const placeholder = -planned.length;
    index.add(placeholder, identity);
    return placeholder;
  };
  const link = (anonymousId: string, leadId: number) => {
    if (anonLead.has(anonymousId)) return;
    anonLead.set(anonymousId, leadId);
    aliases.push({ kind: "anonymous", value: anonymousId, leadId });
  };

  for (const message of valid) {
    const earlier = message.key === null ? undefined : stored.get(message.key);
    if (earlier) {
      results[message.index] = { index: message.index, status: "duplicate", ...(earlier.leadId !== null ? { eventId: earlier.eventId, leadId: earlier.leadId } : {}) };
      continue;
    }
    if (message.type === "screen" || message.type === "group") {
      results[message.index] = { index: message.index, status: "accepted" };
      accepted.push(message);
      continue;
    }
    if (message.type === "identify" || message.type === "alias") {
      const profile = message.profile ?? { email: null, phone: null, name: null, company: null, title: null, attributes: null };
      const contact: Identity = { email: profile.email, phone: profile.phone, externalId: null };
      const viaUser = message.userId ? byUser(message.userId) : undefined;
      const viaContact = (profile.email ? index.byEmail.get(profile.email) : undefined) ?? (profile.phone ? index.byPhone.get(profile.phone) : undefined);
      const viaAnonymous = message.anonymousId ? anonLead.get(message.anonymousId) : undefined;
      const found = viaUser ?? viaContact ?? viaAnonymous;
      const conflict = found === undefined ? null : index.conflicts(contact, found);
      if (conflict) {
        results[message.index] = { index: message.index, status: "rejected", reason: conflict, code: "identity_conflict" };
        continue;
      }
      const refusal = budget?.admit(found ?? -(planned.length + 1), profile.attributes);
      if (refusal) {
        results[message.index] = { index: message.index, status: "rejected", reason: attributeRefusalReason(refusal), code: "attribute_limit" };
        continue;
      }
      let leadId: number;
      if (found === undefined) {
        const identity: Identity = { ...contact, externalId: message.userId };
        leadId = plan({ name: leadName(identity, profile.name), ...identity, company: profile.company, title: profile.title, attributes: profile.attributes, cycleDays: null, lastPurchaseAt: null }, identity);
      } else {
        leadId = found;
        const target = found < 0 ? planned[-found - 1]! : (updates.get(found) ?? emptyUpdate(found));
        applyProfile(target, profile);
        if (found > 0) updates.set(found, target as LeadUpdateRow);
        if (message.userId && viaUser === undefined) {
          // The lead was known by its email, phone or anonymous id: the userId becomes its
          // external id, or an alias when it already has another (a CRM's id, say).
          const heldExternalId = found < 0 ? target.externalId : (target.externalId ?? storedExternalId.get(found) ?? null);
          if (heldExternalId === null) target.externalId = message.userId;
          else aliases.push({ kind: "user", value: message.userId, leadId });
          if (heldExternalId === null) index.add(leadId, { externalId: message.userId });
          else userLead.set(message.userId, leadId);
        }
        index.add(leadId, contact);
      }
      if (message.anonymousId) link(message.anonymousId, leadId);
      identified.push({ message, leadId });
      accepted.push(message);
      continue;
    }
    // track and page
    let leadId = message.userId ? byUser(message.userId) : undefined;
    leadId ??= message.anonymousId ? anonLead.get(message.anonymousId) : undefined;
    if (leadId === undefined && message.userId) {
      const identity: Identity = { email: null, phone: null, externalId: message.userId };
      leadId = plan({ name: leadName(identity, null), ...identity, company: null, title: null, attributes: null, cycleDays: null, lastPurchaseAt: null }, identity);
    }
    if (leadId === undefined) waiting.push(message);
    else {
      if (message.anonymousId) link(message.anonymousId, leadId);
      leadEvents.push({ message, leadId });
    }
    accepted.push(message);
  }
  // Anonymous messages of this batch whose visitor a later message identified go to the lead too.
  const anonymous: ValidMessage[] = [];
  for (const message of waiting) {
    const leadId = anonLead.get(message.anonymousId!);
    if (leadId === undefined) anonymous.push(message);
    else leadEvents.push({ message, leadId });
  }

  const { ids: createdIds, created } = await createPlannedLeads(tx, teamId, planned, now, CREATED_REASON);
  const real = (leadId: number) => (leadId < 0 ? createdIds[-leadId - 1]! : leadId);
  const stable = [...new Set([...updates.keys(), ...leadEvents.map((e) => e.leadId), ...aliases.map((a) => a.leadId)].filter((leadId) => leadId > 0))];
  const touched = new Set<number>();
  const purchases: Array<{ leadId: number; at: Date }> = [];
  const note = (leadId: number, type: string, at: Date) => {
    touched.add(leadId);
    if (type === "purchase") purchases.push({ leadId, at });
  };

  const eventRows: EventRow[] = leadEvents.map(({ message, leadId }) => ({
    leadId: real(leadId),
    type: typeOf(mappings, message),
    occurredAt: message.occurredAt,
    externalId: message.key,
    payload: message.payload,
    name: message.name,
  }));
  // Events first: storing them waits for no other batch (their leads' rows are only key-share
  // locked), so the leads are locked for the updates and the re-score alone, as on the events API;
  // and as there, locked first when a second connection can read their facts meanwhile, for
  // the re-score of those with events planned on it (see planBeside). Only when this batch
  // changes none of them: that read cannot see this transaction's writes.
  stable.sort((a, b) => a - b);
  const beside = updates.size === 0 ? deps.store.beside() : null;
  if (beside) await lockLeads(tx, teamId, stable);
  const ofStable = eventRows.filter((_, i) => leadEvents[i]!.leadId > 0);
  const planning = beside ? planBeside(beside, team, [...new Set(ofStable.map((row) => row.leadId))], now, { events: ofStable, purchases: purchasesOf(ofStable) }) : undefined;
  const eventIds = await insertEvents(tx, teamId, eventRows, caller.source, now);
  for (const [i, { message }] of leadEvents.entries()) {
    const row = eventRows[i]!;
    const eventId = eventIds[i];
    if (eventId === null || eventId === undefined) {
      // Another delivery of the same message committed between our look-up and our insert.
      results[message.index] = { index: message.index, status: "duplicate", leadId: row.leadId };
      continue;
    }
    results[message.index] = { index: message.index, status: "accepted", eventId, leadId: row.leadId };
    note(row.leadId, row.type, row.occurredAt);
  }

  if (!beside) await lockLeads(tx, teamId, stable);
  await budget?.save(tx, teamId);
  await updateLeads(tx, teamId, [...updates.values()], now, { keepExisting: caller.untrusted === true });
  await insertAliases(tx, teamId, aliases.map((a) => ({ ...a, leadId: real(a.leadId) })), now);

  // What linked visitors did before they were identified becomes their lead's, typed by today's
  // mappings. Every visitor of the batch with a lead is looked at, not only those linked now: a
  // batch that stored a visitor's activity while another linked the visitor leaves it waiting,
  // and the visitor's next message brings it over.
  const withLead = uniq(valid.map((m) => m.anonymousId)).filter((anonymousId) => anonLead.has(anonymousId));
  const moved = await takeAnonymousEvents(tx, teamId, withLead);
  const bySource = new Map<string, typeof moved>();
  for (const m of moved) bySource.set(m.source, [...(bySource.get(m.source) ?? []), m]);
  for (const [movedSource, rows] of bySource) {
    const eventRows: EventRow[] = rows.map((m) => ({
      leadId: real(anonLead.get(m.anonymousId)!),
      type: m.name !== null ? typeForName(mappings, m.name) : m.type,
      occurredAt: m.occurredAt,
      externalId: m.externalId,
      payload: m.payload,
      name: m.name,
    }));
    const ids = await insertEvents(tx, teamId, eventRows, movedSource, now);
    for (const [i, row] of eventRows.entries()) if (ids[i] !== null) note(row.leadId, row.type, row.occurredAt);
  }

  const anonymousRows: AnonymousEventRow[] = anonymous.map((message) => ({
    anonymousId: message.anonymousId!,
    type: typeOf(mappings, message),
    name: message.name,
    occurredAt: message.occurredAt,
    externalId: message.key,
    payload: message.payload,
  }));
  const keptAnonymous = await insertAnonymousEvents(tx, teamId, anonymousRows, caller.source, now);
  for (const [i, message] of anonymous.entries()) results[message.index] = { index: message.index, status: keptAnonymous[i] ? "accepted" : "duplicate" };

  const createdSet = new Set(created);
  for (const { message, leadId } of identified) {
    const id = real(leadId);
    touched.add(id);
    results[message.index] = { index: message.index, status: "accepted", leadId: id, created: createdSet.has(id) };
  }

  const counted = accepted.filter((m) => results[m.index]!.status === "accepted");
  const names = new Map<string, number>();
  const libraries = new Map<string, number>();
  for (const message of counted) {
    if (message.name !== null) names.set(message.name, (names.get(message.name) ?? 0) + 1);
    libraries.set(message.library, (libraries.get(message.library) ?? 0) + 1);
  }

  const started = performance.now();
  // The plan assumed every event stored and no earlier activity moved in; otherwise (rare) the re-score reads here.
  const rescorePlan = planning && eventIds.every((id) => id !== null) && moved.length === 0 ? await planning : undefined;
  await rescoreBatchWithAlerts(tx, team, [...touched].sort((a, b) => a - b), now, { purchases, planned: rescorePlan });
  deps.metrics?.rescore("ingest", secondsSince(started));

  // Last, just before the commit: every batch of a source updates the same rows here, and holds
  // them until it commits; counted before the re-score, parallel batches would wait for each
  // other's whole re-score.
  await recordSeenNames(tx, teamId, names, now);
  for (const [name, messages] of libraries) {
    await recordSource(tx, teamId, { key: `${caller.apiKeyId ?? caller.source}:${name}`, library: name, apiKeyId: caller.apiKeyId }, messages, now);
  }
}

function emptyUpdate(id: number): LeadUpdateRow {
  return { id, name: null, email: null, phone: null, externalId: null, company: null, title: null, attributes: null, cycleDays: null, lastPurchaseAt: null };
}

/** Identify's traits win field by field; attributes accumulate. */
function applyProfile(target: Omit<LeadUpdateRow, "id">, profile: Profile): void {
  target.email = profile.email ?? target.email;
  target.phone = profile.phone ?? target.phone;
  target.name = profile.name ?? target.name;
  target.company = profile.company ?? target.company;
  target.title = profile.title ?? target.title;
  if (profile.attributes) target.attributes = { ...(target.attributes ?? {}), ...profile.attributes };
}
