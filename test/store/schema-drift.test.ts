/**
 * The hand-written migrations and prisma/schema.prisma must describe the same database.
 * Expected shape: Prisma's own reading of schema.prisma (get_dmmf from prisma-schema-wasm, the
 * engine's parser) with Prisma's PostgreSQL type mapping and default constraint names.
 * Actual shape: pg_catalog of a freshly migrated database, on PGlite and on PostgreSQL.
 */
import { readFileSync } from "node:fs";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoreHandle } from "../../src/store/client.js";
import { createTestStore, postgresAvailable } from "../support/db.js";

const SCHEMA_FILE = new URL("../../prisma/schema.prisma", import.meta.url);

interface Column {
  type: string;
  notNull: boolean;
  /** The DEFAULT expression as pg_get_expr() prints it. */
  default: string | null;
}
interface Index {
  table: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
  /** A partial index's condition, without parentheses and quotes ("email IS NOT NULL"). */
  where: string | null;
}
interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}
interface Shape {
  tables: Record<string, Record<string, Column>>;
  enums: Record<string, string[]>;
  /** Every index, primary keys included (their constraint shares the index's name). */
  indexes: Record<string, Index>;
  foreignKeys: Record<string, ForeignKey>;
  /** Constraints other than primary and foreign keys: Prisma creates none. */
  otherConstraints: string[];
}

// ---- expected: schema.prisma through Prisma's DMMF ------------------------------------------

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  hasDefaultValue: boolean;
  default?: { name?: string } | unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[];
    indexes: { model: string; type: "id" | "unique" | "normal" | "fulltext"; dbName?: string; fields: { name: string }[] }[];
  };
}

const SCALAR_TYPES: Record<string, string> = {
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  String: "text",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

/** Prisma's PostgreSQL native types as pg's format_type() prints them. */
function nativeType([name, args]: [string, string[]]): string {
  const p = args.length ? `(${args.join(",")})` : "";
  const map: Record<string, string> = {
    Text: "text",
    VarChar: `character varying${p}`,
    Char: `character${p}`,
    Uuid: "uuid",
    Integer: "integer",
    SmallInt: "smallint",
    BigInt: "bigint",
    Real: "real",
    DoublePrecision: "double precision",
    Decimal: `numeric${p}`,
    Boolean: "boolean",
    Date: "date",
    Timestamp: `timestamp${p} without time zone`,
    Timestamptz: `timestamp${p} with time zone`,
    Time: `time${p} without time zone`,
    Timetz: `time${p} with time zone`,
    Json: "json",
    JsonB: "jsonb",
    ByteA: "bytea",
    Inet: "inet",
  };
  const type = map[name];
  if (!type) throw new Error(`schema-drift test: add native type @db.${name} to its map`);
  return type;
}

/** How format_type() prints a type name: quoted unless it is a plain lower-case identifier. */
const typeName = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);

/** Prisma's default constraint names: table_columns_suffix, cut to PostgreSQL's 63 bytes. */
const constraintName = (table: string, columns: string[], suffix: string) =>
  [table, ...columns].join("_").slice(0, 63 - suffix.length - 1) + `_${suffix}`;

/** Defaults Prisma fills in itself; they leave no DEFAULT in the database. */
const CLIENT_DEFAULTS = new Set(["uuid", "cuid", "nanoid", "ulid"]);

/** The DEFAULT Prisma's migrations give a field, as PostgreSQL prints it back. */
function defaultExpr(f: DmmfField, table: string, column: string, type: string): string | null {
  if (!f.hasDefaultValue) return null;
  const d = f.default;
  const literal = (v: unknown) => `'${String(v).replace(/'/g, "''")}'::${type.replace(/\(.*\)/, "")}`;
  if (d !== null && typeof d === "object" && "name" in d) {
    const fn = d as { name: string; args: unknown[] };
    if (CLIENT_DEFAULTS.has(fn.name)) return null;
    if (fn.name === "autoincrement") return `nextval('${typeName(`${table}_${column}_seq`)}'::regclass)`;
    if (fn.name === "now") return "CURRENT_TIMESTAMP";
    if (fn.name === "dbgenerated") return String(fn.args[0]);
    throw new Error(`schema-drift test: add default function ${fn.name}() to defaultExpr`);
  }
  // An empty list (`@default([])`), as PostgreSQL prints it back; other list defaults are not used.
  if (f.isList && Array.isArray(d) && d.length === 0) return `ARRAY[]::${type}`;
  if (f.isList) throw new Error("schema-drift test: add list defaults to defaultExpr");
  if (typeof d === "boolean") return String(d);
  if (typeof d === "number") return type === "integer" && d >= 0 ? String(d) : literal(d);
  return literal(d); // strings, enum values, JSON, date-times
}

const ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

function expectedShape(schemaText: string): Shape {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schemaText }))) as Dmmf;
  const { models, enums, indexes } = dmmf.datamodel;
  const table = (model: string) => {
    const m = models.find((x) => x.name === model);
    if (!m) throw new Error(`unknown model ${model}`);
    return m.dbName ?? m.name;
  };
  const column = (model: string, field: string) => {
    const f = models.find((x) => x.name === model)?.fields.find((x) => x.name === field);
    if (!f) throw new Error(`unknown field ${model}.${field}`);
    return f.dbName ?? f.name;
  };
  const enumDbName = (name: string) => {
    const e = enums.find((x) => x.name === name);
    return e?.dbName ?? name;
  };

  const shape: Shape = { tables: {}, enums: {}, indexes: {}, foreignKeys: {}, otherConstraints: [] };
  for (const e of enums) shape.enums[e.dbName ?? e.name] = e.values.map((v) => v.dbName ?? v.name);

  for (const model of models) {
    const t = table(model.name);
    const columns: Record<string, Column> = {};
    for (const f of model.fields) {
      if (f.kind === "object") {
        if (!f.relationFromFields?.length) continue;
        const from = f.relationFromFields.map((x) => column(model.name, x));
        const optional = f.relationFromFields.some(
          (x) => !model.fields.find((y) => y.name === x)?.isRequired,
        );
        shape.foreignKeys[constraintName(t, from, "fkey")] = {
          table: t,
          columns: from,
          refTable: table(f.type),
          refColumns: (f.relationToFields ?? []).map((x) => column(f.type, x)),
          onDelete: ACTIONS[f.relationOnDelete ?? (optional ? "SetNull" : "Restrict")]!,
          onUpdate: ACTIONS[f.relationOnUpdate ?? "Cascade"]!,
        };
        continue;
      }
      if (f.kind === "unsupported") throw new Error(`schema-drift test: Unsupported field ${model.name}.${f.name}`);
      const base =
        f.kind === "enum"
          ? typeName(enumDbName(f.type))
          : f.nativeType
            ? nativeType(f.nativeType)
            : SCALAR_TYPES[f.type];
      if (!base) throw new Error(`schema-drift test: add scalar type ${f.type} to its map`);
      const name = f.dbName ?? f.name;
      const type = f.isList ? `${base}[]` : base;
      columns[name] = { type, notNull: f.isRequired || f.isList, default: defaultExpr(f, t, name, type) };
    }
    shape.tables[t] = columns;
  }

  const conditions = partialConditions(schemaText);
  for (const index of indexes) {
    if (index.type === "fulltext") throw new Error("schema-drift test: fulltext indexes are not PostgreSQL's");
    const t = table(index.model);
    const cols = index.fields.map((f) => column(index.model, f.name));
    const suffix = { id: "pkey", unique: "key", normal: "idx" }[index.type];
    const name = index.dbName ?? (index.type === "id" ? `${t}_pkey` : constraintName(t, cols, suffix));
    const where = conditions.get(`${index.model}:${index.type}:${index.fields.map((f) => f.name).join(",")}`) ?? null;
    shape.indexes[name] = { table: t, columns: cols, unique: index.type !== "normal", primary: index.type === "id", where };
  }
  return shape;
}

/** A condition as compared: PostgreSQL prints `("email" IS NOT NULL)` for `email IS NOT NULL`. */
const bareCondition = (sql: string) => sql.replace(/[()"]/g, "").replace(/\s+/g, " ").trim();

/**
 * The conditions of partial indexes (`@@unique([teamId, email], where: raw("email IS NOT NULL"))`,
 * the partialIndexes preview feature), by model, kind and fields: the DMMF leaves them out.
 */
function partialConditions(schemaText: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const model of schemaText.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    for (const index of model[2]!.matchAll(/@@(unique|index)\(\[([^\]]*)\],\s*where:\s*raw\("([^"]*)"\)/g)) {
      const fields = index[2]!.split(",").map((f) => f.trim()).join(",");
      found.set(`${model[1]}:${index[1] === "unique" ? "unique" : "normal"}:${fields}`, bareCondition(index[3]!));
    }
  }
  return found;
}

// ---- actual: pg_catalog of the migrated database -------------------------------------------

type Query = StoreHandle["sql"]["query"];

const keyColumns = (keys: string, rel: string) => `(
  SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(${keys}::int2[]) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.attnum)`;

const ACTION_CODES: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

async function actualShape(query: Query): Promise<Shape> {
  const here = "current_schema()::regnamespace";
  const shape: Shape = { tables: {}, enums: {}, indexes: {}, foreignKeys: {}, otherConstraints: [] };

  const relations = await query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = ${here} AND relkind IN ('r', 'p', 'v', 'm', 'f')`,
  );
  for (const r of relations) if (r.name !== "_prisma_migrations") shape.tables[r.name] = {};

  const columns = await query<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relnamespace = ${here} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
       AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'`,
  );
  for (const c of columns) {
    shape.tables[c.table]![c.column] = { type: c.type, notNull: c.not_null, default: c.default };
  }

  const enums = await query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = ${here} GROUP BY t.typname`,
  );
  for (const e of enums) shape.enums[e.name] = e.labels;

  const indexes = await query<{
    name: string;
    table: string;
    columns: string[] | null;
    unique: boolean;
    primary: boolean;
    plain: boolean;
    predicate: string | null;
  }>(
    `SELECT i.relname AS name, t.relname AS table, ${keyColumns("x.indkey", "x.indrelid")} AS columns,
            x.indisunique AS unique, x.indisprimary AS primary,
            (am.amname = 'btree' AND x.indexprs IS NULL) AS plain, pg_get_expr(x.indpred, x.indrelid) AS predicate
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_am am ON am.oid = i.relam
     WHERE t.relnamespace = ${here} AND t.relname <> '_prisma_migrations'`,
  );
  for (const i of indexes) {
    // Prisma makes b-tree indexes on columns, partial or not; anything else is drift it cannot see.
    const name = i.plain ? i.name : `${i.name} (expression or non-btree)`;
    shape.indexes[name] = { table: i.table, columns: i.columns ?? [], unique: i.unique, primary: i.primary, where: i.predicate === null ? null : bareCondition(i.predicate) };
  }

  const constraints = await query<{
    name: string;
    type: string;
    table: string;
    columns: string[] | null;
    ref_table: string | null;
    ref_columns: string[] | null;
    on_delete: string;
    on_update: string;
  }>(
    `SELECT con.conname AS name, con.contype::text AS type, t.relname AS table, rt.relname AS ref_table,
            ${keyColumns("con.conkey", "con.conrelid")} AS columns,
            ${keyColumns("con.confkey", "con.confrelid")} AS ref_columns,
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
     FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid LEFT JOIN pg_class rt ON rt.oid = con.confrelid
     WHERE con.connamespace = ${here} AND t.relname <> '_prisma_migrations'`,
  );
  for (const c of constraints) {
    if (c.type === "f") {
      shape.foreignKeys[c.name] = {
        table: c.table,
        columns: c.columns ?? [],
        refTable: c.ref_table ?? "",
        refColumns: c.ref_columns ?? [],
        onDelete: ACTION_CODES[c.on_delete] ?? c.on_delete,
        onUpdate: ACTION_CODES[c.on_update] ?? c.on_update,
      };
    } else if (c.type === "p") {
      // The primary key's index is compared above; its constraint must carry the same name.
      if (!shape.indexes[c.name]?.primary) shape.otherConstraints.push(`${c.table}.${c.name} (primary key without its index name)`);
    } else if (c.type !== "n") {
      // "n": PostgreSQL 18 (PGlite) records NOT NULL as a constraint; nullability is compared above.
      shape.otherConstraints.push(`${c.table}.${c.name} (${c.type})`);
    }
  }
  return shape;
}

// ---- the comparison ------------------------------------------------------------------------

const schemaText = readFileSync(SCHEMA_FILE, "utf8");

function driftSuite(kind: "pglite" | "postgres") {
  describe(`migrations agree with schema.prisma on ${kind}`, () => {
    let store: StoreHandle;
    let actual: Shape;
    const expected = expectedShape(schemaText);

    beforeAll(async () => {
      store = await createTestStore(kind);
      actual = await actualShape(store.sql.query);
    });
    afterAll(async () => store?.close());

    it("has exactly the models' tables (and _prisma_migrations)", async () => {
      expect(Object.keys(actual.tables).sort()).toEqual(Object.keys(expected.tables).sort());
      const rows = await store.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_class WHERE relname = '_prisma_migrations' AND relnamespace = current_schema()::regnamespace`,
      );
      expect(rows).toEqual([{ n: 1 }]);
    });

    it("has every column with its type, nullability and default", () => {
      expect(actual.tables).toEqual(expected.tables);
    });

    it("has the enums with exactly the same values in the same order", () => {
      expect(actual.enums).toEqual(expected.enums);
    });

    it("has every primary key, unique and plain index by name, columns and condition, and no others", () => {
      expect(actual.indexes).toEqual(expected.indexes);
      expect(actual.otherConstraints).toEqual([]);
    });

    it("has every foreign key with its actions", () => {
      expect(actual.foreignKeys).toEqual(expected.foreignKeys);
    });

    it("would notice a field, index or enum value added to schema.prisma without a migration", () => {
      const changed = schemaText
        .replace(/(model Lead \{\n)/, "$1  driftProbe String?\n")
        .replace(/( {2}@@map\("lead"\))/, '  @@index([driftProbe])\n$1')
        .replace(/(enum Stage \{\n)/, "$1  nurture\n");
      expect(changed).not.toBe(schemaText);
      const drifted = expectedShape(changed);
      expect(actual.tables).not.toEqual(drifted.tables);
      expect(actual.indexes).not.toEqual(drifted.indexes);
      expect(actual.enums).not.toEqual(drifted.enums);
    });

    it("would notice a partial index's condition dropped from schema.prisma, or changed, without a migration", () => {
      expect(expected.indexes.lead_team_id_email_key?.where).toBe("email IS NOT NULL");
      const dropped = schemaText.replace('@@unique([teamId, email], where: raw("email IS NOT NULL"))', "@@unique([teamId, email])");
      const changed = schemaText.replace('where: raw("owner_id IS NOT NULL")', 'where: raw("owner_id IS NULL")');
      for (const text of [dropped, changed]) {
        expect(text).not.toBe(schemaText);
        expect(actual.indexes).not.toEqual(expectedShape(text).indexes);
      }
    });
  });
}

driftSuite("pglite");
describe.runIf(await postgresAvailable())("on PostgreSQL", () => driftSuite("postgres"));
