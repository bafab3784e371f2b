/**
 * Bulk SQL for the ingestion API: a batch of 500 events costs a handful of statements, not
 * hundreds, whatever its mix of known and new leads.
 */
import { arrayLiteral as list } from "./array-literal.js";
import { rowsByKey } from "./key-lookup.js";
import type { Db } from "./store.js";
import { keyedSqlOf, preparedSqlOf } from "./types.js";

export interface LeadIdentityRow {
  id: number;
  email: string | null;
  phone: string | null;
  externalId: string | null;
}

export interface IdentityLists {
  emails: string[];
  phones: string[];
  externalIds: string[];
}

/** The leads of a team holding any of the emails, phones or external ids (parameters, text arrays), each once. */
export function leadsByIdentitySql(params: { team: string; emails: string; phones: string; externalIds: string }): string {
  return ([["email", params.emails], ["phone", params.phones], ["external_id", params.externalIds]] as const)
    .map(([key, keys]) => rowsByKey({ table: "lead", key, keys, team: params.team, columns: "id, email, phone, external_id" }))
    .join("\n  UNION\n  ");
}

const LEADS_BY_IDENTITY = leadsByIdentitySql({ team: "$1", emails: "$2", phones: "$3", externalIds: "$4" });

const leadIdentityRow = (r: { id: number; email: string | null; phone: string | null; external_id: string | null }): LeadIdentityRow => ({
  id: Number(r.id),
  email: r.email,
  phone: r.phone,
  externalId: r.external_id,
});

/** Leads of a team that hold any of these emails, phones or external ids. */
export async function findLeadsByIdentity(db: Db, teamId: number, ids: IdentityLists): Promise<LeadIdentityRow[]> {
  const sql = keyedSqlOf(db);
  if (ids.emails.length + ids.phones.length + ids.externalIds.length === 0) return [];
  const rows = await sql.query<{ id: number; email: string | null; phone: string | null; external_id: string | null }>(LEADS_BY_IDENTITY, [
    teamId,
    list(ids.emails),
    list(ids.phones),
    list(ids.externalIds),
  ]);
  return rows.map(leadIdentityRow);
}

export interface StoredEventRow {
  id: number;
  leadId: number;
  externalId: string;
}

/**
 * What an events batch needs to know first, in one round trip: the events already stored
 * under its idempotency keys, and the leads holding its identities.
 */
export async function findEventsAndLeads(
  db: Db,
  teamId: number,
  externalIds: string[],
  ids: IdentityLists,
): Promise<{ events: StoredEventRow[]; leads: LeadIdentityRow[] }> {
  const sql = keyedSqlOf(db);
  const rows = await sql.query<{ kind: "event" | "lead"; id: number; lead_id: number | null; email: string | null; phone: string | null; external_id: string | null }>(
    `${rowsByKey({ table: "event", key: "external_id", keys: "$5", team: "$1", columns: "'event' AS kind, id, lead_id, NULL::text AS email, NULL::text AS phone, external_id" })}
     UNION ALL
     SELECT 'lead', id, NULL, email, phone, external_id FROM (${LEADS_BY_IDENTITY}) AS leads`,
    [teamId, list(ids.emails), list(ids.phones), list(ids.externalIds), list(externalIds)],
  );
  const events: StoredEventRow[] = [];
  const leads: LeadIdentityRow[] = [];
  for (const row of rows) {
    if (row.kind === "event") events.push({ id: Number(row.id), leadId: Number(row.lead_id), externalId: row.external_id! });
    else leads.push(leadIdentityRow(row));
  }
  return { events, leads };
}

export interface NewLeadRow {
  name: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  company: string | null;
  title: string | null;
  attributes: Record<string, unknown> | null;
  cycleDays: number | null;
  lastPurchaseAt: Date | null;
}

/** The per-column arrays `unnest` takes, in the order both lead statements list them. */
function leadColumnArrays(rows: Array<NewLeadRow | LeadUpdateRow>): string[] {
  return [
    list(rows.map((r) => r.name)),
    list(rows.map((r) => r.email)),
    list(rows.map((r) => r.phone)),
    list(rows.map((r) => r.externalId)),
    list(rows.map((r) => r.company)),
    list(rows.map((r) => r.title)),
    list(rows.map((r) => (r.attributes ? JSON.stringify(r.attributes) : null))),
    list(rows.map((r) => r.cycleDays)),
    list(rows.map((r) => r.lastPurchaseAt)),
  ];
}

/**
 * Inserts leads in one statement, each with its first stage ("new", for `stageReason`). A lead
 * another writer created meanwhile (same email, phone or external id) is skipped here; the
 * caller looks it up again. `scoredLater`: the leads are committed before the transaction that
 * scores them, so they are stored as due for a re-score now (should that transaction fail, the
 * due re-score scores them from what they hold).
 */
export async function insertLeads(
  db: Db,
  teamId: number,
  rows: NewLeadRow[],
  stageReason: string,
  now: Date,
  options: { scoredLater?: boolean } = {},
): Promise<LeadIdentityRow[]> {
  const sql = keyedSqlOf(db);
  if (rows.length === 0) return [];
  const inserted = await sql.query<{ id: number; email: string | null; phone: string | null; external_id: string | null }>(
    `WITH inserted AS (
       INSERT INTO lead (team_id, name, email, phone, external_id, company, title, attributes, cycle_days, last_purchase_at, created_at, updated_at, next_change_at)
       SELECT $1, u.name, u.email, u.phone, u.external_id, u.company, u.title, COALESCE(u.attributes::jsonb, '{}'::jsonb),
              u.cycle_days, u.last_purchase_at, $11::timestamp(3), $11::timestamp(3), CASE WHEN $13::bool THEN $11::timestamp(3) END
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::timestamp(3)[])
              AS u(name, email, phone, external_id, company, title, attributes, cycle_days, last_purchase_at)
       ON CONFLICT DO NOTHING
       RETURNING id, email, phone, external_id),
     stages AS (
       INSERT INTO stage_change (team_id, lead_id, from_stage, to_stage, member_id, reason, changed_at)
       SELECT $1, id, NULL, 'new'::"Stage", NULL, $12, $11::timestamp(3) FROM inserted ORDER BY id)
     SELECT id, email, phone, external_id FROM inserted`,
    [
      teamId,
      ...leadColumnArrays(rows),
      now.toISOString(),
      stageReason,
      options.scoredLater ?? false,
    ],
  );
  return inserted.map(leadIdentityRow);
}

export interface LeadUpdateRow {
  id: number;
  /** null leaves the stored value as it is. */
  name: string | null;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  company: string | null;
  title: string | null;
  /** Merged into the stored attributes. */
  attributes: Record<string, unknown> | null;
  cycleDays: number | null;
  lastPurchaseAt: Date | null;
}

/** Applies the given fields to existing leads in one statement; null fields stay as stored. */
export async function updateLeads(db: Db, teamId: number, rows: LeadUpdateRow[], now: Date, options: { keepExisting?: boolean } = {}): Promise<void> {
  const sql = preparedSqlOf(db);
  if (rows.length === 0) return;
  // keepExisting: the rows only fill what the lead lacks (a sender anyone can imitate).
  const pick = (column: string) => (options.keepExisting ? `COALESCE(l.${column}, u.${column})` : `COALESCE(u.${column}, l.${column})`);
  const attributes = options.keepExisting ? `COALESCE(u.attributes::jsonb, '{}'::jsonb) || l.attributes` : `l.attributes || COALESCE(u.attributes::jsonb, '{}'::jsonb)`;
  await sql.query(
    `UPDATE lead AS l
        SET name = ${pick("name")}, email = ${pick("email")}, phone = ${pick("phone")},
            external_id = ${pick("external_id")}, company = ${pick("company")},
            title = ${pick("title")}, attributes = ${attributes},
            cycle_days = COALESCE(u.cycle_days, l.cycle_days),
            last_purchase_at = CASE WHEN u.last_purchase_at IS NOT NULL AND (l.last_purchase_at IS NULL OR l.last_purchase_at < u.last_purchase_at)
                                    THEN u.last_purchase_at ELSE l.last_purchase_at END,
            updated_at = $12::timestamp(3)
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::timestamp(3)[])
            AS u(id, name, email, phone, external_id, company, title, attributes, cycle_days, last_purchase_at)
      WHERE l.id = u.id AND l.team_id = $1`,
    [
      teamId,
      list(rows.map((r) => r.id)),
      ...leadColumnArrays(rows),
      now.toISOString(),
    ],
  );
}

/** Events already stored under these idempotency keys. */
export async function findEventsByExternalId(
  db: Db,
  teamId: number,
  externalIds: string[],
): Promise<Array<{ id: number; leadId: number; externalId: string }>> {
  const sql = keyedSqlOf(db);
  if (externalIds.length === 0) return [];
  const rows = await sql.query<{ id: number; lead_id: number; external_id: string }>(
    rowsByKey({ table: "event", key: "external_id", keys: "$2", team: "$1", columns: "id, lead_id, external_id" }),
    [teamId, list(externalIds)],
  );
  return rows.map((r) => ({ id: Number(r.id), leadId: Number(r.lead_id), externalId: r.external_id }));
}

export interface EventRow {
  leadId: number;
  type: string;
  occurredAt: Date;
  externalId: string | null;
  /** JSON text, or null. */
  payload: string | null;
  /** What a tracking source called it (page path, track event name); null for typed events. */
  name?: string | null;
}

/**
 * Inserts events in one statement and answers, per row, the new id or null when the
 * idempotency key was already taken (a retried delivery). Ids are drawn from the sequence
 * before the insert, in the rows' order, so every row's id is known without relying on the
 * order RETURNING reports them in: the answer is both lists of ids, matched here rather than
 * joined in SQL, so that the statement's plan does not depend on the batch's size and one
 * generic plan serves (keyedSqlOf). The sequence is named (the migrations' SERIAL column's):
 * pg_get_serial_sequence would look it up again for every row, 1.6 ms a batch of 500.
 */
export async function insertEvents(db: Db, teamId: number, rows: EventRow[], source: string, now: Date): Promise<Array<number | null>> {
  const sql = keyedSqlOf(db);
  if (rows.length === 0) return [];
  const [answer] = await sql.query<{ planned: number[]; stored: number[] | null }>(
    `WITH planned AS MATERIALIZED (
       SELECT u.n, nextval('event_id_seq')::int AS id, u.lead_id, u.type, u.occurred_at, u.external_id, u.payload, u.name
         FROM unnest($2::int[], $3::text[], $4::timestamp(3)[], $5::text[], $6::text[], $9::text[]) WITH ORDINALITY
              AS u(lead_id, type, occurred_at, external_id, payload, name, n)
        ORDER BY u.n),
     inserted AS (
       INSERT INTO event (id, team_id, lead_id, type, occurred_at, source, external_id, payload, name, created_at)
       SELECT id, $1, lead_id, type, occurred_at, $7, external_id, payload::jsonb, name, $8::timestamp(3) FROM planned
       ON CONFLICT (team_id, external_id) DO NOTHING
       RETURNING id)
     SELECT (SELECT array_agg(id ORDER BY n) FROM planned) AS planned, (SELECT array_agg(id) FROM inserted) AS stored`,
    [
      teamId,
      list(rows.map((r) => r.leadId)),
      list(rows.map((r) => r.type)),
      list(rows.map((r) => r.occurredAt)),
      list(rows.map((r) => r.externalId)),
      list(rows.map((r) => r.payload)),
      source,
      now.toISOString(),
      list(rows.map((r) => r.name ?? null)),
    ],
  );
  const stored = new Set((answer?.stored ?? []).map(Number));
  return (answer?.planned ?? []).map((id) => (stored.has(Number(id)) ? Number(id) : null));
}

/**
 * Locks leads in id order before a batch changes them. Batches from several clients touch
 * overlapping leads; taking the row locks in one global order keeps them from deadlocking.
 */
export async function lockLeads(db: Db, teamId: number, leadIds: number[]): Promise<void> {
  const sql = preparedSqlOf(db);
  if (leadIds.length === 0) return;
  await sql.query(`SELECT id FROM lead WHERE team_id = $1 AND id = ANY($2::int[]) ORDER BY id FOR NO KEY UPDATE`, [teamId, list(leadIds)]);
}
