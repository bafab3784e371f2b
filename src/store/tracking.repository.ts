/**
 * SQL for the Segment-compatible tracking API and /sources: aliases of leads (anonymous and
 * user ids), activity of visitors nobody has identified yet (and its deletion after the
 * retention period), the sources seen and the names they sent, and re-typing stored events when
 * a team's mappings change. A batch costs a handful of statements whatever its size, like the
 * events API (src/store/ingest.repository.ts).
 */
import type { SourceMapping } from "../domain/source-mapping.js";
import { arrayLiteral as list } from "./array-literal.js";
import { leadsByIdentitySql, type LeadIdentityRow } from "./ingest.repository.js";
import { rowsByKey } from "./key-lookup.js";
import type { Db } from "./store.js";
import { epochMs, sqlOf } from "./types.js";

export type AliasKind = "anonymous" | "user";

export interface AliasRow {
  kind: AliasKind;
  value: string;
  leadId: number;
}

export interface TrackingLookup {
  /** Message ids already stored, with the event's lead (null: an anonymous event). */
  stored: Array<{ key: string; eventId: number; leadId: number | null }>;
  leads: LeadIdentityRow[];
  aliases: AliasRow[];
}

/**
 * What a tracking batch needs to know first, in one round trip: message ids already stored
 * (as events or anonymous events), the leads holding its user ids, emails and phones, and the
 * leads its anonymous and user ids are aliases of.
 */
export async function findTrackingKnowns(
  db: Db,
  teamId: number,
  query: { keys: string[]; emails: string[]; phones: string[]; externalIds: string[]; anonymousIds: string[]; userIds: string[] },
): Promise<TrackingLookup> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ kind: string; id: number | null; lead_id: number | null; email: string | null; phone: string | null; external_id: string | null }>(
    `${rowsByKey({ table: "event", key: "external_id", keys: "$2", team: "$1", columns: "'event' AS kind, id, lead_id, NULL::text AS email, NULL::text AS phone, external_id" })}
     UNION ALL
     ${rowsByKey({ table: "anonymous_event", key: "external_id", keys: "$2", team: "$1", columns: "'anonymous_event', id, NULL::int, NULL::text, NULL::text, external_id" })}
     UNION ALL
     SELECT 'lead', id, NULL, email, phone, external_id FROM (${leadsByIdentitySql({ team: "$1", emails: "$3", phones: "$4", externalIds: "$5" })}) AS leads
     UNION ALL
     ${rowsByKey({ table: "lead_alias", key: "value", keys: "$6", team: "$1", where: "kind = 'anonymous'", columns: "'alias:' || kind, NULL::int, lead_id, NULL::text, NULL::text, value" })}
     UNION ALL
     ${rowsByKey({ table: "lead_alias", key: "value", keys: "$7", team: "$1", where: "kind = 'user'", columns: "'alias:' || kind, NULL::int, lead_id, NULL::text, NULL::text, value" })}`,
    [teamId, list(query.keys), list(query.emails), list(query.phones), list(query.externalIds), list(query.anonymousIds), list(query.userIds)],
  );
  const found: TrackingLookup = { stored: [], leads: [], aliases: [] };
  for (const row of rows) {
    if (row.kind === "event" || row.kind === "anonymous_event") {
      found.stored.push({ key: row.external_id!, eventId: Number(row.id), leadId: row.lead_id === null ? null : Number(row.lead_id) });
    } else if (row.kind === "lead") {
      found.leads.push({ id: Number(row.id), email: row.email, phone: row.phone, externalId: row.external_id });
    } else {
      found.aliases.push({ kind: row.kind === "alias:user" ? "user" : "anonymous", value: row.external_id!, leadId: Number(row.lead_id) });
    }
  }
  return found;
}

/** Records aliases; one already recorded (by this batch or another) keeps its lead. */
export async function insertAliases(db: Db, teamId: number, rows: AliasRow[], now: Date): Promise<void> {
  const sql = sqlOf(db);
  if (rows.length === 0) return;
  await sql.query(
    `INSERT INTO lead_alias (team_id, kind, value, lead_id, created_at)
     SELECT $1, u.kind, u.value, u.lead_id, $5::timestamp(3) FROM unnest($2::text[], $3::text[], $4::int[]) AS u(kind, value, lead_id)
     ON CONFLICT DO NOTHING`,
    [teamId, list(rows.map((r) => r.kind)), list(rows.map((r) => r.value)), list(rows.map((r) => r.leadId)), now.toISOString()],
  );
}

export interface AnonymousEventRow {
  anonymousId: string;
  type: string;
  name: string | null;
  occurredAt: Date;
  externalId: string | null;
  /** JSON text, or null. */
  payload: string | null;
}

/** Stores activity of unidentified visitors; answers per row whether it was stored (false: its message id was taken). */
export async function insertAnonymousEvents(db: Db, teamId: number, rows: AnonymousEventRow[], source: string, now: Date): Promise<boolean[]> {
  const sql = sqlOf(db);
  if (rows.length === 0) return [];
  const answered = await sql.query<{ n: number }>(
    `WITH inserted AS (
       INSERT INTO anonymous_event (team_id, anonymous_id, type, name, occurred_at, source, external_id, payload, created_at)
       SELECT $1, u.anonymous_id, u.type, u.name, u.occurred_at, $8, u.external_id, u.payload::jsonb, $9::timestamp(3)
         FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamp(3)[], $6::text[], $7::text[]) WITH ORDINALITY
              AS u(anonymous_id, type, name, occurred_at, external_id, payload, n)
         ORDER BY u.n
       ON CONFLICT (team_id, external_id) DO NOTHING
       RETURNING external_id, anonymous_id, occurred_at)
     SELECT u.n::int AS n FROM unnest($6::text[], $2::text[], $5::timestamp(3)[]) WITH ORDINALITY AS u(external_id, anonymous_id, occurred_at, n)
      WHERE u.external_id IS NULL OR EXISTS (SELECT 1 FROM inserted AS i WHERE i.external_id = u.external_id)`,
    [
      teamId,
      list(rows.map((r) => r.anonymousId)),
      list(rows.map((r) => r.type)),
      list(rows.map((r) => r.name)),
      list(rows.map((r) => r.occurredAt)),
      list(rows.map((r) => r.externalId)),
      list(rows.map((r) => r.payload)),
      source,
      now.toISOString(),
    ],
  );
  const stored = rows.map(() => false);
  for (const row of answered) stored[Number(row.n) - 1] = true;
  return stored;
}

export interface TakenAnonymousEvent extends AnonymousEventRow {
  source: string;
}

/** Removes and answers the anonymous activity of these visitors: identify has linked them to leads. */
export async function takeAnonymousEvents(db: Db, teamId: number, anonymousIds: string[]): Promise<TakenAnonymousEvent[]> {
  const sql = sqlOf(db);
  if (anonymousIds.length === 0) return [];
  const rows = await sql.query<{ anonymous_id: string; type: string; name: string | null; occurred_at: Date | string; external_id: string | null; payload: string | null; source: string }>(
    `DELETE FROM anonymous_event WHERE team_id = $1 AND anonymous_id = ANY($2::text[])
     RETURNING anonymous_id, type, name, occurred_at, external_id, payload::text AS payload, source`,
    [teamId, list(anonymousIds)],
  );
  return rows.map((r) => ({
    anonymousId: r.anonymous_id,
    type: r.type,
    name: r.name,
    occurredAt: asDate(r.occurred_at),
    externalId: r.external_id,
    payload: r.payload,
    source: r.source,
  }));
}

/** Teams holding anonymous activity that happened before `cutoff`: the retention job's work. */
export async function teamsWithAnonymousEventsBefore(db: Db, cutoff: Date): Promise<number[]> {
  const sql = sqlOf(db);
  // Per team through the (team_id, occurred_at) index, rather than a scan of every anonymous event.
  const rows = await sql.query<{ id: number }>(
    `SELECT t.id FROM team AS t
      WHERE EXISTS (SELECT 1 FROM anonymous_event AS a WHERE a.team_id = t.id AND a.occurred_at < $1::timestamp(3))
      ORDER BY t.id`,
    [cutoff.toISOString()],
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Deletes up to `limit` of a team's anonymous events that happened before `cutoff`, oldest
 * first, in one statement, and answers how many went. Rows another transaction holds (an
 * identify taking them, another instance's chunk) are skipped, not waited for: the next chunk
 * or run takes what is left, so several instances deleting at once neither block nor collide.
 */
export async function deleteAnonymousEventsBefore(db: Db, teamId: number, cutoff: Date, limit: number): Promise<number> {
  const sql = sqlOf(db);
  const [row] = await sql.query<{ n: number }>(
    // The ids as an array, so each row is found by its key whatever the planner thinks of the
    // table's size (a join may scan the whole table once per chunk).
    `WITH deleted AS (
       DELETE FROM anonymous_event WHERE id = ANY(ARRAY(
         SELECT id FROM anonymous_event WHERE team_id = $1 AND occurred_at < $2::timestamp(3)
          ORDER BY occurred_at LIMIT $3 FOR UPDATE SKIP LOCKED))
       RETURNING 1)
     SELECT count(*)::int AS n FROM deleted`,
    [teamId, cutoff.toISOString(), limit],
  );
  return Number(row?.n ?? 0);
}

// Raw queries hand timestamps back as text or Date depending on the driver; stored as UTC.
const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(`${value.replace(" ", "T")}${/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? "" : "Z"}`));

/** Counts a batch's accepted messages for its source, creating the source on first sight. */
export async function recordSource(
  db: Db,
  teamId: number,
  source: { key: string; library: string; apiKeyId: number | null },
  messages: number,
  now: Date,
): Promise<void> {
  const sql = sqlOf(db);
  await sql.query(
    `INSERT INTO tracking_source (team_id, key, library, api_key_id, first_seen_at, last_seen_at, messages)
     VALUES ($1, $2, $3, $4, $5::timestamp(3), $5::timestamp(3), $6)
     ON CONFLICT (team_id, key) DO UPDATE
       SET last_seen_at = GREATEST(tracking_source.last_seen_at, EXCLUDED.last_seen_at), messages = tracking_source.messages + EXCLUDED.messages`,
    [teamId, source.key, source.library, source.apiKeyId, now.toISOString(), messages],
  );
}

/** Names a team may have recorded: past this, new names are no longer counted (known ones still are). */
export const MAX_SEEN_NAMES = 2_000;

/** Counts the page paths and event names a batch carried. */
export async function recordSeenNames(db: Db, teamId: number, names: Map<string, number>, now: Date): Promise<void> {
  const sql = sqlOf(db);
  if (names.size === 0) return;
  await sql.query(
    `INSERT INTO seen_name (team_id, name, count, last_seen_at)
     SELECT $1, u.name, u.count, $4::timestamp(3) FROM unnest($2::text[], $3::int[]) AS u(name, count)
      WHERE (SELECT count(*) FROM seen_name WHERE team_id = $1) < $5
         OR EXISTS (SELECT 1 FROM seen_name AS s WHERE s.team_id = $1 AND s.name = u.name)
      ORDER BY u.name
     ON CONFLICT (team_id, name) DO UPDATE
       SET count = seen_name.count + EXCLUDED.count, last_seen_at = GREATEST(seen_name.last_seen_at, EXCLUDED.last_seen_at)`,
    [teamId, list([...names.keys()]), list([...names.values()]), now.toISOString(), MAX_SEEN_NAMES],
  );
}

export interface SourceRow {
  key: string;
  library: string;
  apiKeyId: number | null;
  /** The API key's name; null when the key is gone. */
  keyName: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  messages: number;
}

/** A team's tracking sources, most recently seen first. */
export async function listSources(db: Db, teamId: number): Promise<SourceRow[]> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ key: string; library: string; api_key_id: number | null; key_name: string | null; first_seen_at: Date | string; last_seen_at: Date | string; messages: number }>(
    `SELECT s.key, s.library, s.api_key_id, k.name AS key_name, s.first_seen_at, s.last_seen_at, s.messages
       FROM tracking_source AS s LEFT JOIN api_key AS k ON k.id = s.api_key_id AND k.team_id = s.team_id
      WHERE s.team_id = $1 ORDER BY s.last_seen_at DESC, s.key LIMIT 50`,
    [teamId],
  );
  return rows.map((r) => ({
    key: r.key,
    library: r.library,
    apiKeyId: r.api_key_id === null ? null : Number(r.api_key_id),
    keyName: r.key_name,
    firstSeenAt: asDate(r.first_seen_at),
    lastSeenAt: asDate(r.last_seen_at),
    messages: Number(r.messages),
  }));
}

/** The names a team's sources sent most often. */
export async function topSeenNames(db: Db, teamId: number, limit: number): Promise<Array<{ name: string; count: number; lastSeenAt: Date }>> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ name: string; count: number; last_seen_at: Date | string }>(
    `SELECT name, count, last_seen_at FROM seen_name WHERE team_id = $1 ORDER BY count DESC, name LIMIT $2`,
    [teamId, limit],
  );
  return rows.map((r) => ({ name: r.name, count: Number(r.count), lastSeenAt: asDate(r.last_seen_at) }));
}

/** A glob as a LIKE pattern (escape `\`), for finding the stored names a mapping may touch. */
function likeOf(pattern: string): string {
  return [...pattern].map((c) => (c === "*" ? "%" : c === "?" ? "_" : c === "%" || c === "_" || c === "\\" ? `\\${c}` : c)).join("");
}

export interface NamedEventRow {
  id: number;
  occurredAt: Date;
  /** null: an anonymous event. */
  leadId: number | null;
  name: string;
  type: string;
}

/**
 * Stored tracked events (lead-bound and anonymous) whose name any of `patterns` may match (case
 * ignored); the caller decides with the domain's matching which of them really change.
 */
export async function eventsNamedLike(db: Db, teamId: number, patterns: string[]): Promise<NamedEventRow[]> {
  const sql = sqlOf(db);
  if (patterns.length === 0) return [];
  const likes = list(patterns.map(likeOf));
  const rows = await sql.query<{ id: number; lead_id: number | null; name: string; type: string; at: number }>(
    `SELECT id, lead_id, name, type, ${epochMs("occurred_at")} AS at FROM event WHERE team_id = $1 AND name ILIKE ANY($2::text[])
     UNION ALL
     SELECT id, NULL, name, type, ${epochMs("occurred_at")} FROM anonymous_event WHERE team_id = $1 AND name ILIKE ANY($2::text[])`,
    [teamId, likes],
  );
  return rows.map((r) => ({ id: Number(r.id), occurredAt: new Date(Number(r.at)), leadId: r.lead_id === null ? null : Number(r.lead_id), name: r.name, type: r.type }));
}

/** Gives stored events new types (lead-bound ones in `events`, anonymous ones in `anonymous`). */
export async function retypeEvents(
  db: Db,
  teamId: number,
  changes: { events: Array<{ id: number; type: string }>; anonymous: Array<{ id: number; type: string }> },
): Promise<void> {
  const sql = sqlOf(db);
  for (const [table, rows] of [["event", changes.events], ["anonymous_event", changes.anonymous]] as const) {
    if (rows.length === 0) continue;
    await sql.query(
      `UPDATE ${table} AS e SET type = u.type FROM unnest($2::int[], $3::text[]) AS u(id, type) WHERE e.id = u.id AND e.team_id = $1`,
      [teamId, list(rows.map((r) => r.id)), list(rows.map((r) => r.type))],
    );
  }
}

/** Stores a team's source mappings. */
export async function saveSourceMappings(db: Db, teamId: number, mappings: SourceMapping[]): Promise<void> {
  const sql = sqlOf(db);
  await sql.query(`UPDATE team SET source_mappings = $2::jsonb WHERE id = $1`, [teamId, JSON.stringify(mappings)]);
}

/** How many of a team's leads each tier holds (stored tiers). */
export async function leadsPerTier(db: Db, teamId: number): Promise<Map<string, number>> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ tier: string; n: number }>(`SELECT tier, count(*)::int AS n FROM lead WHERE team_id = $1 GROUP BY tier`, [teamId]);
  return new Map(rows.map((r) => [r.tier, Number(r.n)]));
}
