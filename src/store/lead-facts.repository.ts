import type { Answer, Framework, LeadFacts, Stage } from "../domain/types.js";
import { runsByLead } from "./event-runs.js";
import { scoringAttributes } from "./json-columns.js";
import type { Db } from "./store.js";
import { sqlOf, epochMs, type SqlRunner } from "./types.js";

/** The stored state of a lead that scoring reads and writes. */
export interface ScoredLeadRow {
  id: number;
  name: string;
  stage: Stage;
  score: number;
  tier: string;
  nextChangeAt: number | null;
}

export interface LeadWithFacts {
  lead: ScoredLeadRow;
  facts: LeadFacts;
}

/** Ids of a team's leads in pages, for re-scoring everything without loading everything. */
export async function leadIdPage(db: Db, teamId: number, afterId: number, limit: number): Promise<number[]> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ id: number }>(
    `SELECT id FROM lead WHERE team_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [teamId, afterId, limit],
  );
  return rows.map((r) => Number(r.id));
}

/** Leads whose score changes by itself (expiry, buying cycle) at or before `now`. */
export async function dueLeadIds(db: Db, now: Date, limit: number): Promise<Array<{ teamId: number; id: number }>> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ id: number; team_id: number }>(
    `SELECT id, team_id FROM lead WHERE next_change_at <= $1::timestamp(3) ORDER BY next_change_at LIMIT $2`,
    [now.toISOString(), limit],
  );
  return rows.map((r) => ({ id: Number(r.id), teamId: Number(r.team_id) }));
}

/** Loads what scoring needs for the given leads of one team, in one statement. */
export async function loadLeadsWithFacts(db: Db, teamId: number, leadIds: number[]): Promise<Map<number, LeadWithFacts>> {
  const sql = sqlOf(db);
  const result = new Map<number, LeadWithFacts>();
  if (leadIds.length === 0) return result;
  const rows = await sql.query<ScanRow>(BY_IDS_SQL, [teamId, `{${leadIds.join(",")}}`]);
  for (const row of rows) {
    const entry = decodeScanRow(row, []);
    result.set(entry.lead.id, entry);
  }
  return result;
}

/** An event type the caller scores, and the oldest occurrence of it that can still matter. */
export interface EventWindow {
  type: string;
  /** Occurrences at or before this instant are left out; null keeps them all. */
  after: Date | null;
}

export interface TeamScanOptions {
  /** Only events of these types are loaded, each from its `after` on. */
  eventWindows: EventWindow[];
  /**
   * Whether facts need the free `attributes` (false when no rule reads any: title and company,
   * which are columns, are always there). Defaults to true.
   */
  attributes?: boolean;
  /** Leads per batch. */
  batchSize?: number;
  /**
   * Only these leads (a re-score of the leads a change can move): read the same way, from the
   * same indexes, so the cost of each lead's facts stays a scan's, not a look-up's.
   */
  only?: readonly number[];
}

const SCAN_BATCH = 5_000;
let cursorSerial = 0;

/**
 * Every lead of a team with the facts scoring needs, a batch at a time, in no particular order: what a
 * full re-score walks. The facts are for scoring alone: their events come as times by type
 * (LeadFacts.eventTimesByType, no object or Date per event), `events` is empty. Inside a transaction it is one server-side cursor, so the events are
 * read and grouped in one pass (paging by lead id would visit most of the event table once per
 * page, since events are stored in arrival order). Outside one it falls back to keyset pages.
 * While the caller works on a batch, the next one is already being fetched. With `only`, the
 * other leads' facts are passed over in the same indexes rather than looked up lead by lead.
 */
export async function* scanTeamLeadsWithFacts(
  db: Db,
  teamId: number,
  options: TeamScanOptions,
): AsyncGenerator<Iterable<LeadWithFacts>> {
  const sql = sqlOf(db);
  const batch = options.batchSize ?? SCAN_BATCH;
  const windows = widestWindows(options.eventWindows);
  const types = [...windows.keys()];
  const after = [...windows.values()].map((at) => (at ? at.toISOString() : null));
  const attributes = options.attributes ?? true;
  if (options.only?.length === 0) return;
  const only = options.only ? `{${options.only.join(",")}}` : null;
  const cursor = `lead_scan_${++cursorSerial}`;
  let fetchBatch: () => Promise<ScanRow[]>;
  try {
    // Planned for reading every row (the cursor default favours the first ones) and without JIT,
    // whose compile time costs more than it saves here; both only while the cursor is planned.
    await withLocalSettings(sql, { cursor_tuple_fraction: "1", jit: "off" }, () =>
      sql.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${scanSql("cursor", attributes, only !== null)}`, [teamId, types, after, ...(only ? [only] : [])]),
    );
    fetchBatch = async () => {
      const rows = await sql.query<ScanRow>(`FETCH ${batch} FROM ${cursor}`);
      // Read to the end: free it now rather than at commit (a cursor left open early dies with the transaction).
      if (rows.length < batch) await sql.query(`CLOSE ${cursor}`);
      return rows;
    };
  } catch (error) {
    if (!isOutsideTransaction(error)) throw error;
    let lastId = 0;
    fetchBatch = async () => {
      const rows = await sql.query<ScanRow>(scanSql("page", attributes, only !== null), [teamId, types, after, lastId, batch, ...(only ? [only] : [])]);
      if (rows.length > 0) lastId = Number(rows[rows.length - 1]!.id);
      return rows;
    };
  }
  // Leads are decoded one at a time as the caller iterates, so each lead's objects die young.
  const positions = new Map(types.map((type, i) => [type, i]));
  const decode = function* (rows: ScanRow[]) {
    for (const row of rows) yield decodeForScoring(JSON.parse(row.lead) as ScanTuple, positions);
  };
  let pending = fetchBatch();
  for (;;) {
    const rows = await pending;
    if (rows.length < batch) {
      if (rows.length > 0) yield decode(rows);
      break;
    }
    pending = fetchBatch();
    // A rejected prefetch surfaces on the next await; until then it must not count as unhandled.
    pending.catch(() => {});
    // Let the prefetch reach the database before the caller's synchronous scoring starts.
    await new Promise((resolve) => setImmediate(resolve));
    yield decode(rows);
  }
}

interface ScanRow {
  id: number;
  /** JSON array: see ScanTuple. */
  lead: string;
}

export type ScanTuple = [
  id: number,
  name: string,
  title: string | null,
  company: string | null,
  /** The stored JSON: an object, unless the row is bad (see scoringAttributes). */
  attributes: unknown,
  lastPurchaseAt: number | null,
  cycleDays: number | null,
  stage: Stage,
  score: number,
  tier: string,
  nextChangeAt: number | null,
  /** 1-based positions in the scan's event types, or the types themselves. */
  eventTypes: Array<number | string> | null,
  eventTimes: number[] | null,
  outcomes: string[] | null,
  outcomeTimes: number[] | null,
  answers: Array<[Framework, string, Answer]> | null,
];


/**
 * One JSON text per lead: a single value per row is the cheapest thing for the driver (and
 * Prisma's raw-result mapping) to hand over, and JSON.parse is native. Event types travel as
 * their 1-based position in $2. $3 holds, per type, the instant at or before which events are
 * left out. The "page" form adds $4 (last id seen) and $5 (page size). `only` adds the lead ids
 * to keep as the next parameter ($4 or $6); in the events' index they are a filter (`+ 0` keeps
 * the planner from reaching each lead's events through the heap instead).
 */
function scanSql(form: "cursor" | "page", attributes: boolean, only = false): string {
  const ids = form === "cursor" ? "$4" : "$6";
  const kept = (column: string) => (only ? `AND ${column} = ANY(${ids}::int[])` : "");
  // Pages bound the fact tables by the page's id range; the cursor reads them whole.
  const range = (column: string) => (form === "cursor" ? kept(column) : `AND ${column} BETWEEN (SELECT min(id) FROM l) AND (SELECT max(id) FROM l) ${kept(column)}`);
  return `
    ${
      form === "cursor"
        ? ""
        : `WITH l AS MATERIALIZED (
             SELECT id, name, title, company, attributes, last_purchase_at, cycle_days, stage, score, tier, next_change_at
               FROM lead WHERE team_id = $1 AND id > $4 ${kept("id")} ORDER BY id LIMIT $5)`
    }
    SELECT l.id, json_build_array(l.id, l.name, l.title, l.company, ${attributes ? "l.attributes" : "NULL"}, ${epochMs("l.last_purchase_at")}, l.cycle_days,
                                  l.stage, l.score, l.tier, ${epochMs("l.next_change_at")},
                                  ev.types, ev.times, calls.outcomes, calls.times, answers.answers)::text AS lead
      FROM ${form === "cursor" ? "lead" : "l"} AS l
      LEFT JOIN (SELECT e.lead_id, json_agg(w.position) AS types, json_agg(${epochMs("e.occurred_at")}) AS times
                   FROM ${
                     form === "cursor"
                       ? // Each scored type's still-valid events straight from the (team, type, occurred_at, lead) index: a
                         // third of a team's events, read without visiting the rest (cheaper than filtering every event).
                         `unnest($2::text[], $3::timestamp(3)[]) WITH ORDINALITY AS w(type, after, position)
                   CROSS JOIN LATERAL (SELECT lead_id, occurred_at FROM event AS e
                                        WHERE e.team_id = $1 AND e.type = w.type AND e.occurred_at > coalesce(w.after, '-infinity')
                                              ${only ? `AND e.lead_id + 0 = ANY(${ids}::int[])` : ""}) AS e`
                       : `event AS e
                   JOIN unnest($2::text[], $3::timestamp(3)[]) WITH ORDINALITY AS w(type, after, position) ON w.type = e.type
                  WHERE e.team_id = $1 AND (w.after IS NULL OR e.occurred_at > w.after) ${range("e.lead_id")}`
                   }
                  GROUP BY e.lead_id) AS ev ON ev.lead_id = l.id
      LEFT JOIN (SELECT lead_id, json_agg(outcome) AS outcomes, json_agg(${epochMs("logged_at")}) AS times
                   FROM call_log WHERE team_id = $1 ${range("lead_id")}
                  GROUP BY lead_id) AS calls ON calls.lead_id = l.id
      LEFT JOIN (SELECT lead_id, json_agg(json_build_array(framework, dimension, answer) ORDER BY captured_at, id) AS answers
                   FROM qualification WHERE team_id = $1 ${range("lead_id")}
                  GROUP BY lead_id) AS answers ON answers.lead_id = l.id
     ${form === "cursor" ? `WHERE l.team_id = $1 ${kept("l.id")}` : "ORDER BY l.id"}`;
}

/** The given leads ($2) with all their facts, event types by name: one lead's facts are a few index look-ups. */
const BY_IDS_SQL = `
  SELECT l.id, json_build_array(l.id, l.name, l.title, l.company, l.attributes, ${epochMs("l.last_purchase_at")}, l.cycle_days,
                                l.stage, l.score, l.tier, ${epochMs("l.next_change_at")},
                                ev.types, ev.times, calls.outcomes, calls.times, answers.answers)::text AS lead
    FROM lead AS l
    LEFT JOIN LATERAL (SELECT json_agg(e.type) AS types, json_agg(${epochMs("e.occurred_at")}) AS times
                         FROM event AS e WHERE e.team_id = $1 AND e.lead_id = l.id) AS ev ON true
    LEFT JOIN LATERAL (SELECT json_agg(c.outcome) AS outcomes, json_agg(${epochMs("c.logged_at")}) AS times
                         FROM call_log AS c WHERE c.team_id = $1 AND c.lead_id = l.id) AS calls ON true
    LEFT JOIN LATERAL (SELECT json_agg(json_build_array(q.framework, q.dimension, q.answer) ORDER BY q.captured_at, q.id) AS answers
                         FROM qualification AS q WHERE q.team_id = $1 AND q.lead_id = l.id) AS answers ON true
   WHERE l.team_id = $1 AND l.id = ANY($2::int[])`;

/** What a preview re-reads besides events: the facts the rules a change touches can match (see config-diff). */
export interface CandidateScanOptions {
  /** Call logs with these outcomes. */
  outcomes: string[];
  /** Qualification answers in these frameworks. */
  frameworks: string[];
  /** Lead fields some touched attribute rule tests: a lead without any of them cannot match. */
  attributeFields: string[];
  /** Whether a touched rule reads the buying cycle. */
  cycle: boolean;
}

/**
 * The leads of a team that have at least one of the given facts (events aside), each with
 * those facts only: with touchedEvents, what a what-if preview re-scores. Due leads are
 * included; the caller tells them apart.
 */
export async function scanPreviewCandidates(
  db: Db,
  teamId: number,
  options: CandidateScanOptions,
): Promise<Array<{ id: number; facts: LeadFacts }>> {
  const sql = sqlOf(db);
  const params: unknown[] = [teamId];
  const param = (value: unknown) => `$${params.push(value)}`;
  const joins: string[] = [];
  const found: string[] = [];
  let calls = "NULL, NULL";
  if (options.outcomes.length > 0) {
    joins.push(`LEFT JOIN (SELECT lead_id, json_agg(outcome) AS outcomes, json_agg(${epochMs("logged_at")}) AS times
                             FROM call_log WHERE team_id = $1 AND outcome = ANY(${param(options.outcomes)}::text[])
                            GROUP BY lead_id) AS calls ON calls.lead_id = l.id`);
    found.push("calls.lead_id IS NOT NULL");
    calls = "calls.outcomes, calls.times";
  }
  let answers = "NULL";
  if (options.frameworks.length > 0) {
    joins.push(`LEFT JOIN (SELECT lead_id, json_agg(json_build_array(framework, dimension, answer) ORDER BY captured_at, id) AS answers
                             FROM qualification WHERE team_id = $1 AND framework::text = ANY(${param(options.frameworks)}::text[])
                            GROUP BY lead_id) AS answers ON answers.lead_id = l.id`);
    found.push("answers.lead_id IS NOT NULL");
    answers = "answers.answers";
  }
  const fields = new Set(options.attributeFields);
  const title = fields.delete("title");
  const company = fields.delete("company");
  if (title) found.push("l.title IS NOT NULL");
  if (company) found.push("l.company IS NOT NULL");
  if (fields.size > 0) {
    // Attributes are always a JSON object; anything else is kept rather than reasoned about.
    found.push(`jsonb_exists_any(l.attributes, ${param([...fields])}::text[]) OR jsonb_typeof(l.attributes) <> 'object'`);
  }
  if (options.cycle) found.push("(l.last_purchase_at IS NOT NULL AND l.cycle_days IS NOT NULL)");
  if (found.length === 0) return [];
  // Only the columns asked for, and all candidates in one JSON text: tens of thousands of rows
  // cost far more to build and hand over one by one, or with every column, than to parse as one document.
  const [row] = await sql.query<{ leads: string | null }>(
    `SELECT json_agg(json_build_array(l.id, ${title ? "l.title" : "NULL"}, ${company ? "l.company" : "NULL"}, ${fields.size > 0 ? "l.attributes" : "NULL"},
                                      ${options.cycle ? `${epochMs("l.last_purchase_at")}, l.cycle_days` : "NULL, NULL"}, ${calls}, ${answers}))::text AS leads
       FROM lead AS l
       ${joins.join("\n")}
      WHERE l.team_id = $1 AND (${found.join(" OR ")})`,
    params,
  );
  type Tuple = [
    id: number,
    title: string | null,
    company: string | null,
    attributes: unknown,
    lastPurchaseAt: number | null,
    cycleDays: number | null,
    outcomes: string[] | null,
    outcomeTimes: number[] | null,
    answers: Array<[Framework, string, Answer]> | null,
  ];
  return (JSON.parse(row?.leads ?? "[]") as Tuple[]).map((t) => {
    // A fresh object from JSON.parse: the columns are set on it, as decodeScanTuple does.
    const attributes = scoringAttributes(t[3]);
    attributes.title = t[1];
    attributes.company = t[2];
    const outcomes: LeadFacts["outcomes"] = [];
    const names = t[6];
    const times = t[7];
    if (names && times) for (let i = 0; i < names.length; i++) outcomes.push({ outcome: names[i]!, at: new Date(times[i]!) });
    return {
      id: t[0],
      facts: {
        attributes,
        events: [],
        outcomes,
        qualification: (t[8] ?? []).map(([framework, dimension, answer]) => ({ framework, dimension, answer })),
        lastPurchaseAt: t[4] === null ? null : new Date(t[4]),
        cycleDays: t[5],
      },
    };
  });
}

/**
 * A team's events of the given types, each from its `after` on, as one flat list of numbers:
 * lead id, 1-based position of the type in `eventWindows` (after merging repeated types, see the
 * returned `types`), epoch milliseconds; three numbers per event, each lead's events as one run
 * ordered by type and time (leads in no particular order, see runsByLead). Walks the (team,
 * type, occurred_at, lead) index alone, so it reads only the events asked for.
 */
export async function touchedEvents(db: Db, teamId: number, eventWindows: EventWindow[]): Promise<{ types: string[]; flat: Float64Array }> {
  const sql = sqlOf(db);
  const windows = widestWindows(eventWindows);
  const types = [...windows.keys()];
  if (types.length === 0) return { types, flat: new Float64Array(0) };
  const after = [...windows.values()].map((at) => (at ? at.toISOString() : null));
  const [row] = await sql.query<{ flat: string | null }>(
    `SELECT '[' || string_agg(e.lead_id || ',' || w.position || ',' || ${epochMs("e.occurred_at")}, ',') || ']' AS flat
       FROM unnest($2::text[], $3::timestamp(3)[]) WITH ORDINALITY AS w(type, after, position)
      CROSS JOIN LATERAL (SELECT lead_id, occurred_at FROM event AS e
                           WHERE e.team_id = $1 AND e.type = w.type AND e.occurred_at > coalesce(w.after, '-infinity')) AS e`,
    [teamId, types, after],
  );
  return { types, flat: runsByLead(JSON.parse(row?.flat ?? "[]") as number[]) };
}

/** How many leads a team has. */
export async function countTeamLeads(db: Db, teamId: number): Promise<number> {
  const [row] = await sqlOf(db).query<{ leads: number }>(`SELECT count(*)::int AS leads FROM lead WHERE team_id = $1`, [teamId]);
  return Number(row?.leads ?? 0);
}

/** The team's leads with an event of some window's type inside that window, in id order. */
export async function leadIdsWithEvents(db: Db, teamId: number, eventWindows: EventWindow[]): Promise<number[]> {
  const sql = sqlOf(db);
  const windows = widestWindows(eventWindows);
  if (windows.size === 0) return [];
  const after = [...windows.values()].map((at) => (at ? at.toISOString() : null));
  const [row] = await sql.query<{ flat: string | null }>(
    `SELECT '[' || string_agg(id::text, ',' ORDER BY id) || ']' AS flat
       FROM (SELECT DISTINCT e.lead_id AS id
               FROM unnest($2::text[], $3::timestamp(3)[]) AS w(type, after)
              CROSS JOIN LATERAL (SELECT lead_id FROM event AS e
                                   WHERE e.team_id = $1 AND e.type = w.type AND e.occurred_at > coalesce(w.after, '-infinity')) AS e) AS leads`,
    [teamId, [...windows.keys()], after],
  );
  return JSON.parse(row?.flat ?? "[]") as number[];
}

/** One window per type (a repeated type would repeat its events): the widest one wins. */
export function widestWindows(eventWindows: EventWindow[]): Map<string, Date | null> {
  const windows = new Map<string, Date | null>();
  for (const { type, after } of eventWindows) {
    const seen = windows.get(type);
    windows.set(type, seen === undefined ? after : seen === null || after === null ? null : seen < after ? seen : after);
  }
  return windows;
}

/** Whether an event is one the windows load (byType: widestWindows'), as the loading reads' SQL decides. */
export function eventInWindows(byType: ReadonlyMap<string, Date | null>, type: string, occurredAt: Date): boolean {
  const after = byType.get(type);
  return after === null || (after !== undefined && occurredAt > after);
}

/** Ids of a team's leads whose stored score may be stale at `now` (their next change has come). */
export async function dueLeadIdsOfTeam(db: Db, teamId: number, now: Date): Promise<number[]> {
  const sql = sqlOf(db);
  const rows = await sql.query<{ id: number }>(
    `SELECT id FROM lead WHERE team_id = $1 AND next_change_at <= $2::timestamp(3) ORDER BY id`,
    [teamId, now.toISOString()],
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Stored scores of a team's leads not due at `now`, read in one piece: lead id and score, two
 * numbers per lead (a team's every lead, so no object or map entry per lead).
 */
export async function storedScoresNotDue(db: Db, teamId: number, now: Date): Promise<number[]> {
  const sql = sqlOf(db);
  const [row] = await sql.query<{ flat: string | null }>(
    `SELECT '[' || string_agg(id || ',' || score, ',') || ']' AS flat FROM lead
      WHERE team_id = $1 AND (next_change_at IS NULL OR next_change_at > $2::timestamp(3))`,
    [teamId, now.toISOString()],
  );
  return JSON.parse(row?.flat ?? "[]") as number[];
}

/** Names of the given leads of a team. */
export async function leadNames(db: Db, teamId: number, leadIds: number[]): Promise<Map<number, string>> {
  const sql = sqlOf(db);
  if (leadIds.length === 0) return new Map();
  // As an array literal, like loadLeadsWithFacts: thousands of ids travel as one short text.
  const rows = await sql.query<{ id: number; name: string }>(`SELECT id, name FROM lead WHERE team_id = $1 AND id = ANY($2::int[])`, [
    teamId,
    `{${leadIds.join(",")}}`,
  ]);
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/**
 * A scan's lead tuple for scoring: decodeLeadTuple, with the events as ascending times per type
 * (event types come as 1-based positions in the scan's types, `positions` maps them back).
 */
function decodeForScoring(t: ScanTuple, positions: ReadonlyMap<string, number>): LeadWithFacts {
  const entry = decodeLeadTuple(t, [], { events: false });
  const eventTypes = t[11];
  const eventTimes = t[12];
  if (eventTypes && eventTimes && eventTypes.length > 0) {
    const times = new ScanEventTimes(positions);
    for (let i = 0; i < eventTypes.length; i++) times.add((eventTypes[i] as number) - 1, eventTimes[i]!);
    entry.facts.eventTimesByType = times.sorted();
  }
  return entry;
}

const NO_EVENTS: LeadFacts["events"] = Object.freeze([]) as unknown as LeadFacts["events"];

/** One lead's events from a scan: ascending times per position of their type. */
class ScanEventTimes {
  private readonly lists: Array<number[] | undefined> = [];
  private ordered = true;

  constructor(private readonly positions: ReadonlyMap<string, number>) {}

  add(position: number, at: number): void {
    const list = this.lists[position];
    if (!list) this.lists[position] = [at];
    else {
      if (at < list[list.length - 1]!) this.ordered = false;
      list.push(at);
    }
  }

  sorted(): this {
    if (!this.ordered) for (const list of this.lists) list?.sort((a, b) => a - b);
    return this;
  }

  get(type: string): readonly number[] | undefined {
    const position = this.positions.get(type);
    return position === undefined ? undefined : this.lists[position];
  }
}

function decodeScanRow(row: ScanRow, types: readonly string[]): LeadWithFacts {
  return decodeLeadTuple(JSON.parse(row.lead) as ScanTuple, types);
}

/**
 * A lead and its facts from the JSON tuple the scoring reads build (ScanTuple); rows that
 * carry more columns after it (the ingestion re-score's alert state) decode the same way.
 * `types` resolves event types sent as 1-based positions; `events: false` leaves the events out
 * (for a reader that takes them another way).
 */
export function decodeLeadTuple(
  t: readonly [...ScanTuple, ...unknown[]],
  types: readonly string[] = [],
  options: { events?: boolean } = {},
): LeadWithFacts {
  const events: LeadFacts["events"] = options.events === false ? NO_EVENTS : [];
  const eventTypes = t[11];
  const eventTimes = t[12];
  if (eventTypes && eventTimes && options.events !== false) {
    for (let i = 0; i < eventTypes.length; i++) {
      const type = eventTypes[i]!;
      events.push({ type: typeof type === "number" ? types[type - 1]! : type, occurredAt: new Date(eventTimes[i]!) });
    }
  }
  const outcomes: LeadFacts["outcomes"] = [];
  const outcomeNames = t[13];
  const outcomeTimes = t[14];
  if (outcomeNames && outcomeTimes) {
    for (let i = 0; i < outcomeNames.length; i++) outcomes.push({ outcome: outcomeNames[i]!, at: new Date(outcomeTimes[i]!) });
  }
  const qualification: LeadFacts["qualification"] = (t[15] ?? []).map(([framework, dimension, answer]) => ({ framework, dimension, answer }));
  // A fresh object from JSON.parse: the columns are set on it rather than spread into a copy.
  const attributes = scoringAttributes(t[4]);
  attributes.title = t[2];
  attributes.company = t[3];
  return {
    lead: { id: t[0], name: t[1], stage: t[7], score: t[8], tier: t[9], nextChangeAt: t[10] },
    facts: {
      attributes,
      events,
      outcomes,
      qualification,
      lastPurchaseAt: t[5] === null ? null : new Date(t[5]),
      cycleDays: t[6],
    },
  };
}

/** Runs `work` with the given settings local to the current transaction, then puts them back. */
async function withLocalSettings<T>(sql: SqlRunner, settings: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const names = Object.keys(settings);
  const [previous] = await sql.query<Record<string, string>>(
    `SELECT ${names.map((name, i) => `current_setting($${i + 1}) AS "${name}"`).join(", ")}`,
    names,
  );
  const apply = (values: Record<string, string>) =>
    sql.query(`SELECT ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(", ")}`, names.flatMap((name) => [name, values[name] ?? ""]));
  await apply(settings);
  const result = await work();
  await apply(previous ?? {});
  return result;
}

/** PostgreSQL's "DECLARE CURSOR can only be used in transaction blocks", however the driver wraps it. */
function isOutsideTransaction(error: unknown): boolean {
  const seen = new Set<unknown>();
  const walk = (value: unknown): boolean => {
    if (value === null || typeof value !== "object" || seen.has(value)) return false;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (record.code === "25P01" || record.originalCode === "25P01") return true;
    if (typeof record.message === "string" && /can only be used in transaction blocks/.test(record.message)) return true;
    return ["meta", "cause", "driverAdapterError"].some((key) => walk(record[key]));
  };
  return walk(error);
}

export interface ScoreWrite {
  id: number;
  score: number;
  tier: string;
  stage: Stage;
  nextChangeAt: Date | null;
}

/**
 * Writes new scores in one statement, scored on `day` (the team's local date, YYYY-MM-DD, so the
 * daily history follows the team's calendar). A lead last scored on an earlier day gets that
 * day's snapshot first: the score it ended the day with, which its row still holds.
 */
export async function writeScores(db: Db, teamId: number, rows: ScoreWrite[], now: Date, day: string): Promise<void> {
  const sql = sqlOf(db);
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.id);
  const scores = rows.map((r) => r.score);
  const tiers = rows.map((r) => r.tier);
  const stages = rows.map((r) => r.stage);
  const next = rows.map((r) => (r.nextChangeAt ? r.nextChangeAt.toISOString() : null));
  // One statement for all: the arrays are sent and unpacked once. `before` reads the rows as
  // they were when the statement began, whatever the UPDATE beside it writes.
  await sql.query(
    `WITH before AS (
       SELECT l.id, l.scored_day, l.score, l.tier FROM lead AS l
        WHERE l.id = ANY($2::int[]) AND l.team_id = $1 AND l.scored_day < $8::date),
     updated AS (
       UPDATE lead AS l
          SET score = v.score, tier = v.tier, stage = v.stage::"Stage",
              next_change_at = v.next_change_at, scored_at = $7::timestamp(3), scored_day = $8::date, updated_at = $7::timestamp(3)
         FROM (SELECT unnest($2::int[]) AS id, unnest($3::int[]) AS score, unnest($4::text[]) AS tier,
                      unnest($5::text[]) AS stage, unnest($6::timestamp(3)[]) AS next_change_at) AS v
        WHERE l.id = v.id AND l.team_id = $1)
     INSERT INTO score_snapshot (team_id, lead_id, day, score, tier)
     SELECT $1, id, scored_day, score, tier FROM before
     ON CONFLICT (lead_id, day) DO UPDATE SET score = EXCLUDED.score, tier = EXCLUDED.tier`,
    [teamId, ids, scores, tiers, stages, next, now.toISOString(), day],
  );
}

export interface StageWrite {
  leadId: number;
  from: Stage;
  to: Stage;
  reason: string;
}

export async function writeStageChanges(db: Db, teamId: number, changes: StageWrite[], now: Date, memberId: number | null): Promise<void> {
  const sql = sqlOf(db);
  if (changes.length === 0) return;
  await sql.query(
    `INSERT INTO stage_change (team_id, lead_id, from_stage, to_stage, member_id, reason, changed_at)
     SELECT $1, unnest($2::int[]), unnest($3::text[])::"Stage", unnest($4::text[])::"Stage", $5, unnest($6::text[]), $7::timestamp(3)`,
    [
      teamId,
      changes.map((c) => c.leadId),
      changes.map((c) => c.from),
      changes.map((c) => c.to),
      memberId,
      changes.map((c) => c.reason),
      now.toISOString(),
    ],
  );
}
