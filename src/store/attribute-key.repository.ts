/**
 * The attribute keys a team's leads use (one row per team and key), so the limit on distinct
 * keys per team is one small read instead of a scan of every lead's attributes.
 */
import { arrayLiteral as list } from "./array-literal.js";
import type { Db } from "./store.js";
import { sqlOf } from "./types.js";

/** How many keys the team uses, and which of `keys` are among them. */
export async function teamAttributeKeys(db: Db, teamId: number, keys: string[]): Promise<{ total: number; known: Set<string> }> {
  const sql = sqlOf(db);
  const [row] = await sql.query<{ total: number; known: string[] | null }>(
    `SELECT count(*)::int AS total, array_agg(key) FILTER (WHERE key = ANY($2::text[])) AS known FROM attribute_key WHERE team_id = $1`,
    [teamId, list(keys)],
  );
  return { total: Number(row?.total ?? 0), known: new Set(row?.known ?? []) };
}

/** Records keys the team's leads now use; keys already recorded are left as they are. */
export async function addTeamAttributeKeys(db: Db, teamId: number, keys: string[]): Promise<void> {
  const sql = sqlOf(db);
  if (keys.length === 0) return;
  await sql.query(`INSERT INTO attribute_key (team_id, key) SELECT $1, k FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING`, [teamId, list(keys)]);
}

/** The attribute keys each of these leads holds now. */
export async function leadAttributeKeys(db: Db, teamId: number, leadIds: number[]): Promise<Map<number, Set<string>>> {
  const sql = sqlOf(db);
  const keys = new Map<number, Set<string>>();
  if (leadIds.length === 0) return keys;
  const rows = await sql.query<{ id: number; keys: string[] }>(
    `SELECT id, ARRAY(SELECT jsonb_object_keys(attributes)) AS keys FROM lead
      WHERE team_id = $1 AND id = ANY($2::int[]) AND jsonb_typeof(attributes) = 'object'`,
    [teamId, list(leadIds)],
  );
  for (const row of rows) keys.set(Number(row.id), new Set(row.keys));
  return keys;
}
