/**
 * The ingestion use cases: events and leads pushed by other systems (website tracking, forms,
 * CRM). Leads are resolved (an events batch creates unknown ones first, in a short transaction
 * of its own); then, in one transaction, events are stored with their idempotency keys and every
 * touched lead re-scored with the alert policy applied ONCE for the whole batch, so a lead pushed
 * over the hot threshold alerts exactly once.
 */
import { z } from "zod";
import { LIMITS } from "../domain/limits.js";
import { secondsSince } from "../metrics/elapsed.js";
import { attributesSchema, describeIssues, jsonProblem, pastDateProblem, safeText } from "../domain/safe-input.js";
import {
  findEventsAndLeads,
  findEventsByExternalId,
  findLeadsByIdentity,
  insertEvents,
  insertLeads,
  lockLeads,
  updateLeads,
  type EventRow,
  type IdentityLists,
  type LeadIdentityRow,
  type LeadUpdateRow,
  type NewLeadRow,
} from "../store/ingest.repository.js";
import { loadTeamContext } from "./team-context.js";
import type { Db, TransactionOptions } from "../store/store.js";
import { planBeside, rescoreBatchWithAlerts } from "./alerts.service.js";
import { AttributeBudget, type AttributeRefusal } from "./attribute-budget.js";
import type { ServiceDeps } from "./deps.js";
import { normaliseEmail, normalisePhone } from "./lead-ref.js";

/** Items per request, for both endpoints. */
export const MAX_BATCH_ITEMS = 1_000;
/** Every statement of a batch is raw SQL: on PostgreSQL the batch runs outside Prisma (see Store). */
const INGEST_TX = { timeout: 60_000, maxWait: 15_000, sqlOnly: true } as const;
const SOURCE = "api";

/**
 * Why an item was rejected, as a code beside the words of `reason` (clients may branch on it;
 * metrics count by it): not an object, a field that breaks its rule, `id` and `externalId`
 * that differ, no email/phone/external id, a date out of range, a payload too large or too
 * deep, identities of two different leads, or the team's or lead's attribute limit.
 */
export type RejectCode = "not_object" | "invalid_field" | "key_mismatch" | "no_identity" | "bad_date" | "bad_payload" | "identity_conflict" | "attribute_limit";

export interface ItemResult {
  index: number;
  status: "accepted" | "duplicate" | "rejected";
  reason?: string;
  /** Set with `reason` on a rejected item. */
  code?: RejectCode;
  eventId?: number;
  leadId?: number;
  /** /leads only: the lead did not exist before this request. */
  created?: boolean;
}

export interface BatchResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: ItemResult[];
}

// ---- validation ----------------------------------------------------------------------------

// Every text, date and payload is checked here, before the batch's transaction begins, by the
// rules in domain/safe-input.ts: nothing the database could refuse reaches it, so one bad item
// is rejected on its own instead of failing the batch.
const text = (max: number) => safeText(max);
export const email = safeText(LIMITS.email).pipe(z.email("is not a valid email address"));
export const phone = safeText(LIMITS.phone).refine(
  (p) => /^[\d\s().+-]+$/.test(p) && p.replace(/\D/g, "").length >= 7,
  "is not a phone number (7 or more digits)",
);
const isoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2026-06-01T09:00:00Z" });

const LeadIdentity = z.object({
  email: email.optional(),
  phone: phone.optional(),
  externalId: text(LIMITS.externalId).optional(),
  name: text(LIMITS.leadText).optional(),
  company: text(LIMITS.leadText).optional(),
  title: text(LIMITS.leadText).optional(),
});

const EventItem = z.object({
  /** The event's idempotency key; `externalId` is accepted as another name for it. */
  id: text(LIMITS.externalId).optional(),
  externalId: text(LIMITS.externalId).optional(),
  type: text(LIMITS.eventType),
  occurredAt: isoTime.optional(),
  payload: z.unknown().optional(),
  email: email.optional(),
  phone: phone.optional(),
  /** The lead's id in the sending system (a top-level `externalId` is the event's key). */
  leadExternalId: text(LIMITS.externalId).optional(),
  name: text(LIMITS.leadText).optional(),
  company: text(LIMITS.leadText).optional(),
  title: text(LIMITS.leadText).optional(),
  lead: LeadIdentity.optional(),
});

const LeadItem = LeadIdentity.extend({
  attributes: attributesSchema.optional(),
  cycleDays: z.number().int().min(1).max(LIMITS.cycleDays).optional(),
  lastPurchaseAt: isoTime.optional(),
});

/** Who a pushed item is about, in stored (normalised) form. */
export interface Identity {
  email: string | null;
  phone: string | null;
  externalId: string | null;
}

interface ValidEvent {
  index: number;
  key: string | null;
  type: string;
  occurredAt: Date;
  payload: string | null;
  identity: Identity;
  profile: { name: string | null; company: string | null; title: string | null };
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string; code: RejectCode };

/** A batch checked item by item, before any write: see checkBatch. */
export interface CheckedBatch<T> {
  /** One answer per item: rejected ones with their reason, the rest "rejected" until stored. */
  results: ItemResult[];
  /** The items to store, each key once. */
  valid: T[];
  /** Items repeating an earlier item's key in the same batch, answered as that one (answerRepeats). */
  repeats: Array<{ index: number; first: number }>;
}

/** Checks every item of a batch on its own (one bad item never fails the others) and sets aside repeated keys. */
export function checkBatch<T extends { key: string | null }>(items: readonly unknown[], check: (raw: unknown, index: number) => Checked<T>): CheckedBatch<T> {
  const results: ItemResult[] = items.map((_, index) => ({ index, status: "rejected" }));
  const valid: T[] = [];
  const firstByKey = new Map<string, number>();
  const repeats: Array<{ index: number; first: number }> = [];
  for (const [index, raw] of items.entries()) {
    const checked = check(raw, index);
    if (!checked.ok) {
      results[index] = { index, status: "rejected", reason: checked.reason, code: checked.code };
      continue;
    }
    const key = checked.value.key;
    const first = key === null ? undefined : firstByKey.get(key);
    if (first !== undefined) {
      repeats.push({ index, first });
      continue;
    }
    if (key !== null) firstByKey.set(key, index);
    valid.push(checked.value);
  }
  return { results, valid, repeats };
}

/** Answers each repeat of a key as the batch answered its first item: a duplicate of it, or rejected with it. */
export function answerRepeats({ results, repeats }: Pick<CheckedBatch<unknown>, "results" | "repeats">): void {
  for (const { index, first } of repeats) {
    const original = results[first]!;
    results[index] = {
      index,
      status: original.status === "rejected" ? "rejected" : "duplicate",
      ...(original.reason ? { reason: original.reason, code: original.code } : {}),
      ...(original.eventId !== undefined ? { eventId: original.eventId } : {}),
      ...(original.leadId !== undefined ? { leadId: original.leadId } : {}),
    };
  }
}


function identityOf(input: { email?: string; phone?: string; externalId?: string }): Identity | null {
  const identity: Identity = {
    email: input.email ? normaliseEmail(input.email) : null,
    phone: input.phone ? normalisePhone(input.phone) : null,
    externalId: input.externalId ?? null,
  };
  return identity.email || identity.phone || identity.externalId ? identity : null;
}

const NO_IDENTITY = "the lead needs an email, a phone or an external id";

/** An item's attributes refused, in the API's words (like every per-item reason here). */
export function attributeRefusalReason(refusal: AttributeRefusal): string {
  if (refusal.kind === "lead_full") return `the lead would hold ${refusal.count} attributes; a lead holds at most ${refusal.max}`;
  return `this team's leads already use ${refusal.used} attribute names and may use at most ${refusal.max}; new here: ${refusal.fresh.slice(0, 3).join(", ")}${refusal.fresh.length > 3 ? ", …" : ""}`;
}

export function checkEventItem(raw: unknown, index: number, now: Date): Checked<ValidEvent> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, reason: "each event must be a JSON object", code: "not_object" };
  const parsed = EventItem.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error), code: "invalid_field" };
  const item = parsed.data;
  if (item.id && item.externalId && item.id !== item.externalId) return { ok: false, reason: "id and externalId differ; send one event key", code: "key_mismatch" };
  const identity = identityOf({
    email: item.lead?.email ?? item.email,
    phone: item.lead?.phone ?? item.phone,
    externalId: item.lead?.externalId ?? item.leadExternalId,
  });
  if (!identity) return { ok: false, reason: NO_IDENTITY, code: "no_identity" };
  const occurredAt = item.occurredAt ? new Date(item.occurredAt) : now;
  const dateProblem = pastDateProblem(occurredAt, now);
  if (dateProblem) return { ok: false, reason: `occurredAt ${dateProblem}`, code: "bad_date" };
  let payload: string | null = null;
  if (item.payload !== undefined && item.payload !== null) {
    const problem = jsonProblem(item.payload);
    if (problem) return { ok: false, reason: `payload ${problem}`, code: "bad_payload" };
    payload = JSON.stringify(item.payload);
    if (Buffer.byteLength(payload) > LIMITS.payloadBytes) return { ok: false, reason: `payload is larger than ${LIMITS.payloadBytes} bytes`, code: "bad_payload" };
  }
  return {
    ok: true,
    value: {
      index,
      key: item.id ?? item.externalId ?? null,
      type: item.type,
      occurredAt,
      payload,
      identity,
      profile: {
        name: item.lead?.name ?? item.name ?? null,
        company: item.lead?.company ?? item.company ?? null,
        title: item.lead?.title ?? item.title ?? null,
      },
    },
  };
}

interface ValidLead {
  index: number;
  identity: Identity;
  fields: Omit<LeadUpdateRow, "id" | "email" | "phone" | "externalId">;
}

export function checkLeadItem(raw: unknown, index: number, now: Date): Checked<ValidLead> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, reason: "each lead must be a JSON object", code: "not_object" };
  const parsed = LeadItem.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error), code: "invalid_field" };
  const item = parsed.data;
  const identity = identityOf(item);
  if (!identity) return { ok: false, reason: NO_IDENTITY, code: "no_identity" };
  const lastPurchaseAt = item.lastPurchaseAt ? new Date(item.lastPurchaseAt) : null;
  const dateProblem = lastPurchaseAt ? pastDateProblem(lastPurchaseAt, now) : null;
  if (dateProblem) return { ok: false, reason: `lastPurchaseAt ${dateProblem}`, code: "bad_date" };
  return {
    ok: true,
    value: {
      index,
      identity,
      fields: {
        name: item.name ?? null,
        company: item.company ?? null,
        title: item.title ?? null,
        attributes: item.attributes ?? null,
        cycleDays: item.cycleDays ?? null,
        lastPurchaseAt,
      },
    },
  };
}

// ---- lead resolution -----------------------------------------------------------------------

/** Lead ids by each kind of identity. Leads still to be created carry negative ids. */
export class IdentityIndex {
  readonly byEmail = new Map<string, number>();
  readonly byPhone = new Map<string, number>();
  readonly byExternalId = new Map<string, number>();

  add(id: number, identity: Partial<Identity>): void {
    if (identity.email) this.byEmail.set(identity.email, id);
    if (identity.phone) this.byPhone.set(identity.phone, id);
    if (identity.externalId) this.byExternalId.set(identity.externalId, id);
  }

  /** The external id is the strongest identity, then the email, then the phone. */
  find(identity: Identity): number | undefined {
    return (
      (identity.externalId ? this.byExternalId.get(identity.externalId) : undefined) ??
      (identity.email ? this.byEmail.get(identity.email) : undefined) ??
      (identity.phone ? this.byPhone.get(identity.phone) : undefined)
    );
  }

  /** Identities of `identity` already held by a lead other than `leadId`. */
  conflicts(identity: Identity, leadId: number): string | null {
    const other = (map: Map<string, number>, value: string | null) => (value ? map.get(value) : undefined);
    const check: Array<[string, string | null, Map<string, number>]> = [
      ["externalId", identity.externalId, this.byExternalId],
      ["email", identity.email, this.byEmail],
      ["phone", identity.phone, this.byPhone],
    ];
    for (const [label, value, map] of check) {
      const holder = other(map, value);
      if (holder !== undefined && holder !== leadId) {
        return holder > 0 ? `${label} ${value} belongs to another lead (#${holder})` : `${label} ${value} belongs to another lead in this batch`;
      }
    }
    return null;
  }
}

async function loadIndex(db: Db, teamId: number, identities: Identity[]): Promise<IdentityIndex> {
  return indexOf(await findLeadsByIdentity(db, teamId, identityLists(identities)));
}

export function indexOf(rows: LeadIdentityRow[]): IdentityIndex {
  const index = new IdentityIndex();
  for (const row of rows) index.add(row.id, row);
  return index;
}

export const identityLists = (identities: Identity[]): IdentityLists => ({
  emails: uniq(identities.map((i) => i.email)),
  phones: uniq(identities.map((i) => i.phone)),
  externalIds: uniq(identities.map((i) => i.externalId)),
});

function uniq(values: Array<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

/**
 * Creates the planned leads (placeholders -1, -2, … in `planned` order) and answers the real
 * id of each. A lead another request created meanwhile is looked up instead.
 */
export async function createPlannedLeads(
  db: Db,
  teamId: number,
  planned: NewLeadRow[],
  now: Date,
  reason = "added via API",
  options: { scoredLater?: boolean } = {},
): Promise<{ ids: number[]; created: number[] }> {
  if (planned.length === 0) return { ids: [], created: [] };
  // One insertion order for every request, so two batches creating the same leads wait for each other instead of deadlocking.
  // Plain code-unit order: any fixed order does, and a locale-aware compare costs ms per batch.
  const ordered = planned
    .map((lead) => ({ lead, key: identityKey(lead) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.lead);
  const inserted = await insertLeads(db, teamId, ordered, reason, now, options);
  const found = new IdentityIndex();
  for (const row of inserted) found.add(row.id, row);
  const missing = planned.filter((p) => found.find(p) === undefined);
  if (missing.length > 0) {
    const raced = await findLeadsByIdentity(db, teamId, identityLists(missing));
    for (const row of raced) found.add(row.id, row);
  }
  const ids = planned.map((p) => {
    const id = found.find(p);
    // Only a concurrent writer taking an identity and then releasing it again could get here.
    if (id === undefined) throw new Error("a new lead could not be created or found; retry the request");
    return id;
  });
  return { ids, created: inserted.map((r) => r.id) };
}

const identityKey = (i: Identity) => `${i.externalId ?? ""}\u0000${i.email ?? ""}\u0000${i.phone ?? ""}`;

export const leadName = (identity: Identity, name: string | null) => name ?? identity.email ?? identity.phone ?? identity.externalId ?? "Unknown";

export const counts = (results: ItemResult[]): BatchResult => ({
  accepted: results.filter((r) => r.status === "accepted").length,
  duplicates: results.filter((r) => r.status === "duplicate").length,
  rejected: results.filter((r) => r.status === "rejected").length,
  results,
});

// ---- use cases -----------------------------------------------------------------------------

/**
 * Runs one batch's transaction, again when the database chose it as a deadlock victim: two
 * instances ingesting overlapping leads at once can lock rows in opposite orders. The work is
 * idempotent (each attempt rewrites every item's answer), so a retry is safe.
 */
export const inTransaction = <T>(deps: ServiceDeps, work: (tx: Db) => Promise<T>, options: Pick<TransactionOptions, "waitForDisk" | "planByKey"> = {}): Promise<T> =>
  deps.store.retrying(work, { ...INGEST_TX, ...options });

/**
 * The short transaction creating the leads a batch introduces, committed ahead of the one storing
 * its events, whose durable commit makes them durable too (see TransactionOptions.waitForDisk).
 */
export const LEADS_AHEAD = { waitForDisk: false } as const;

/**
 * Stores a batch of events for a team. Each item is answered: accepted (with its event and
 * lead ids), duplicate (its key was stored before, or earlier in this batch) or rejected (with
 * the reason; nothing is written for it).
 */
export async function ingestEvents(
  deps: ServiceDeps,
  teamId: number,
  items: readonly unknown[],
  /** `source`: what the events are stored as coming from ("api" unless the caller says, e.g. "hook:typeform"). */
  options: { source?: string } = {},
): Promise<BatchResult> {
  const now = deps.clock();
  const checked = checkBatch(items, (raw, index) => checkEventItem(raw, index, now));
  const { results, valid } = checked;
  if (valid.length > 0) {
    // Who the events are about, leads they introduce created first and committed on their own:
    // a batch that names a lead another batch is creating waits only for that short
    // transaction, not for the other batch's whole one (with several clients sending a stream
    // of events, most batches name leads the previous ones introduced).
    const fresh: ValidEvent[] = [];
    const leadIds = await inTransaction(deps, async (tx) => {
      const known = await findEventsAndLeads(tx, teamId, valid.flatMap((v) => (v.key === null ? [] : [v.key])), identityLists(valid.map((v) => v.identity)));
      // Keys stored by an earlier delivery: answered as duplicates before any lead is created for them.
      const stored = new Map(known.events.map((e) => [e.externalId, e]));
      fresh.length = 0;
      for (const item of valid) {
        const earlier = item.key === null ? undefined : stored.get(item.key);
        if (earlier) results[item.index] = { index: item.index, status: "duplicate", eventId: earlier.id, leadId: earlier.leadId };
        else fresh.push(item);
      }
      return resolveEventLeads(tx, teamId, fresh, indexOf(known.leads), now);
    }, LEADS_AHEAD);
    await inTransaction(deps, async (tx) => {
      const team = await loadTeamContext(tx, teamId);
      const rows: EventRow[] = fresh.map((item, i) => ({
        leadId: leadIds[i]!,
        type: item.type,
        occurredAt: item.occurredAt,
        externalId: item.key,
        payload: item.payload,
      }));
      const leads = [...new Set(leadIds)].sort((a, b) => a - b);
      // Events first: storing them waits for no other batch (their leads' rows are only
      // key-share locked), so the leads are locked for the re-score alone. Unless a second
      // connection is free to read the leads' facts meanwhile (one client sending batches one
      // after another): then they are locked first, and their re-score planned on that read
      // while this connection stores the events (see planBeside).
      const beside = deps.store.beside();
      if (beside) await lockLeads(tx, teamId, leads);
      const planning = beside ? planBeside(beside, team, leads, now, { events: rows, purchases: purchasesOf(rows) }) : undefined;
      const eventIds = await insertEvents(tx, teamId, rows, options.source ?? SOURCE, now);
      if (!beside) await lockLeads(tx, teamId, leads);
      const raced: ValidEvent[] = [];
      const stored: EventRow[] = [];
      const touched = new Set<number>();
      for (const [i, item] of fresh.entries()) {
        const eventId = eventIds[i];
        const leadId = leadIds[i]!;
        if (eventId === null || eventId === undefined) {
          raced.push(item);
          continue;
        }
        results[item.index] = { index: item.index, status: "accepted", eventId, leadId };
        touched.add(leadId);
        stored.push(rows[i]!);
      }
      const purchases = purchasesOf(stored);
      if (raced.length > 0) {
        // Another delivery of the same keys committed between our look-up and our insert.
        const winners = new Map((await findEventsByExternalId(tx, teamId, raced.map((r) => r.key!))).map((e) => [e.externalId, e]));
        for (const item of raced) {
          const winner = winners.get(item.key!);
          results[item.index] = { index: item.index, status: "duplicate", ...(winner ? { eventId: winner.id, leadId: winner.leadId } : {}) };
        }
      }
      const started = performance.now();
      // The plan assumed every event stored; a raced one (rare) has the re-score read here instead.
      const planned = planning && raced.length === 0 ? await planning : undefined;
      await rescoreBatchWithAlerts(tx, team, [...touched].sort((a, b) => a - b), now, { purchases, planned });
      deps.metrics?.rescore("ingest", secondsSince(started));
      // Every statement above reaches its rows by key: planned so from BEGIN, not by a round trip of the re-score's own.
    }, { planByKey: true });
  }
  answerRepeats(checked);
  return counts(results);
}

/** The purchases among a batch's events, which move their leads' last purchase on. */
export const purchasesOf = (events: ReadonlyArray<{ leadId: number; type: string; occurredAt: Date }>) =>
  events.filter((e) => e.type === "purchase").map((e) => ({ leadId: e.leadId, at: e.occurredAt }));

/** The lead of each event, creating unknown leads (one per identity, even if repeated in the batch). */
async function resolveEventLeads(db: Db, teamId: number, events: ValidEvent[], index: IdentityIndex, now: Date): Promise<number[]> {
  if (events.length === 0) return [];
  const planned: NewLeadRow[] = [];
  const ids = events.map((event) => {
    const known = index.find(event.identity);
    if (known !== undefined) return known;
    planned.push({
      name: leadName(event.identity, event.profile.name),
      ...event.identity,
      company: event.profile.company,
      title: event.profile.title,
      attributes: null,
      cycleDays: null,
      lastPurchaseAt: null,
    });
    const placeholder = -planned.length;
    index.add(placeholder, event.identity);
    return placeholder;
  });
  // Committed before the events' transaction scores them (see ingestEvents), whose own commit
  // makes them durable (LEADS_AHEAD).
  const { ids: createdIds } = await createPlannedLeads(db, teamId, planned, now, undefined, { scoredLater: true });
  return ids.map((id) => (id < 0 ? createdIds[-id - 1]! : id));
}

/**
 * Creates or updates a batch of leads. An item is matched by external id, then email, then
 * phone; given fields replace stored ones (attributes are merged). An item whose identities
 * belong to two different leads is rejected rather than merging them.
 */
export async function ingestLeads(
  deps: ServiceDeps,
  teamId: number,
  items: readonly unknown[],
  /** `createdReason`: the stage history's reason for new leads ("added via API" unless the caller says). */
  options: { createdReason?: string } = {},
): Promise<BatchResult> {
  const now = deps.clock();
  const results: ItemResult[] = items.map((_, index) => ({ index, status: "rejected" }));
  const valid: ValidLead[] = [];
  for (const [index, raw] of items.entries()) {
    const checked = checkLeadItem(raw, index, now);
    if (checked.ok) valid.push(checked.value);
    else results[index] = { index, status: "rejected", reason: checked.reason, code: checked.code };
  }
  if (valid.length > 0) {
    await inTransaction(deps, async (tx) => {
      const team = await loadTeamContext(tx, teamId);
      const index = await loadIndex(tx, teamId, valid.map((v) => v.identity));
      const budget = await attributeBudgetFor(tx, teamId, valid, index);
      const planned: NewLeadRow[] = [];
      const updates = new Map<number, LeadUpdateRow>();
      const assigned: Array<{ item: ValidLead; leadId: number }> = [];
      for (const item of valid) {
        const leadId = index.find(item.identity) ?? -(planned.length + 1);
        const conflict = index.conflicts(item.identity, leadId);
        const refusal = conflict ? null : budget?.admit(leadId, item.fields.attributes);
        const refused = conflict ?? (refusal ? attributeRefusalReason(refusal) : null);
        if (refused) {
          results[item.index] = { index: item.index, status: "rejected", reason: refused, code: conflict ? "identity_conflict" : "attribute_limit" };
          continue;
        }
        if (leadId < 0 && -leadId > planned.length) {
          planned.push({ ...item.fields, ...item.identity, name: leadName(item.identity, item.fields.name) });
        } else if (leadId < 0) {
          mergeInto(planned[-leadId - 1]!, item);
        } else {
          const update = updates.get(leadId) ?? emptyUpdate(leadId);
          mergeInto(update, item);
          updates.set(leadId, update);
        }
        index.add(leadId, item.identity);
        assigned.push({ item, leadId });
      }
      await lockLeads(tx, teamId, [...updates.keys()].sort((a, b) => a - b));
      await budget?.save(tx, teamId);
      await updateLeads(tx, teamId, [...updates.values()], now);
      const { ids: createdIds, created } = await createPlannedLeads(tx, teamId, planned, now, options.createdReason);
      const createdSet = new Set(created);
      const touched = new Set<number>();
      for (const { item, leadId } of assigned) {
        const id = leadId < 0 ? createdIds[-leadId - 1]! : leadId;
        touched.add(id);
        results[item.index] = { index: item.index, status: "accepted", leadId: id, created: createdSet.has(id) };
      }
      const started = performance.now();
      await rescoreBatchWithAlerts(tx, team, [...touched].sort((a, b) => a - b), now);
      deps.metrics?.rescore("ingest", secondsSince(started));
    });
  }
  return counts(results);
}

/** The attribute limits' view of what is stored, read only when the batch carries attributes. */
async function attributeBudgetFor(db: Db, teamId: number, items: ValidLead[], index: IdentityIndex): Promise<AttributeBudget | null> {
  const carrying = items.filter((item) => item.fields.attributes && Object.keys(item.fields.attributes).length > 0);
  if (carrying.length === 0) return null;
  const stored = [...new Set(carrying.map((item) => index.find(item.identity)).filter((id): id is number => id !== undefined))];
  const keys = [...new Set(carrying.flatMap((item) => Object.keys(item.fields.attributes!)))];
  return AttributeBudget.load(db, teamId, stored, keys);
}

function emptyUpdate(id: number): LeadUpdateRow {
  return { id, name: null, email: null, phone: null, externalId: null, company: null, title: null, attributes: null, cycleDays: null, lastPurchaseAt: null };
}

/** Later items of a batch win, field by field; attributes accumulate. */
function mergeInto(target: Omit<LeadUpdateRow, "id">, item: ValidLead): void {
  const { fields, identity } = item;
  target.email = identity.email ?? target.email;
  target.phone = identity.phone ?? target.phone;
  target.externalId = identity.externalId ?? target.externalId;
  target.name = fields.name ?? target.name;
  target.company = fields.company ?? target.company;
  target.title = fields.title ?? target.title;
  target.cycleDays = fields.cycleDays ?? target.cycleDays;
  if (fields.attributes) target.attributes = { ...(target.attributes ?? {}), ...fields.attributes };
  if (fields.lastPurchaseAt && (!target.lastPurchaseAt || target.lastPurchaseAt < fields.lastPurchaseAt)) target.lastPurchaseAt = fields.lastPurchaseAt;
}
