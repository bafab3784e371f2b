/**
 * "The rows of a team holding these keys" as SQL that PostgreSQL runs as one unique-index probe
 * per key, whatever its statistics say. Written as `team_id = $1 AND key = ANY($2)`, a planner
 * with a growing team's stale statistics walked the team's whole index and filtered it: 19,500
 * index entries to find a batch's 500 event keys. A look-up per key that returns at most one
 * row (the key is unique in its team) cannot be turned into that scan. A key asked twice is
 * looked up once.
 */
export function rowsByKey(lookup: {
  table: string;
  /** The unique column (with `team_id`) the keys are matched against. */
  key: string;
  /** The parameter holding the keys, a text array: "$2". */
  keys: string;
  /** The parameter holding the team id. */
  team: string;
  /** The select list, evaluated on the table's row. */
  columns: string;
  /** A further condition, part of the unique key: "kind = 'user'". */
  where?: string;
}): string {
  const { table, key, keys, team, columns, where } = lookup;
  return `SELECT found.* FROM (SELECT DISTINCT unnest(${keys}::text[]) AS key) AS wanted
    CROSS JOIN LATERAL (SELECT ${columns} FROM ${table}
                         WHERE team_id = ${team} AND ${key} = wanted.key${where ? ` AND ${where}` : ""} LIMIT 1) AS found`;
}
