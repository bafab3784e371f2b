/**
 * What each JSON column holds, checked on the way out. PostgreSQL only promises JSON; a row
 * written by an older version, or edited by hand, can hold another shape, and the code reading
 * it would fail somewhere far from the cause. Here it fails where it is read, naming the table,
 * the row and the column (InvalidRow), and only for that row: readers of many rows decode each
 * one on its own.
 *
 * Objects are parsed loose (unknown keys kept): a configuration read and written back must come
 * out exactly as it went in, or undo and the stale-preview check would see changes nobody made.
 */
import { z } from "zod";
import type { AdminSummary, AuditSummary } from "../domain/audit-summary.js";
import type { ChangeSummary } from "../domain/edits.js";
import type { SourceMapping } from "../domain/source-mapping.js";
import type { Framework, Rule, RuleMatch, ScoringConfig, Tier } from "../domain/types.js";
import type { OutboxPlatform, Platform } from "../platforms/names.js";
import { InvalidRow } from "./errors.js";

export interface RowRef {
  table: string;
  id: string | number | null;
  column: string;
}

/** `value` as `schema` says the column holds it, or InvalidRow naming the row and what is wrong. */
export function readColumn<T>(schema: z.ZodType<T>, value: unknown, where: RowRef): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new InvalidRow(where.table, where.id, where.column, `does not read back${at}: ${issue?.message ?? "unexpected shape"}`);
}

/**
 * A platform name read back from a text column. The names are the registry's keys, a type with
 * no list at run time (so a platform is added by its registry line alone, and the store loads
 * no platform code): this checks the shape our code writes, a lower-case word.
 */
export function readPlatform(value: string, where: RowRef): Platform {
  if (/^[a-z][a-z0-9_-]{0,31}$/.test(value)) return value as Platform;
  throw new InvalidRow(where.table, where.id, where.column, `names no known platform: ${JSON.stringify(value)}`);
}

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A JSON object, checked without copying it: lead attributes are read for every lead a re-score
 * walks, where a per-key parse would cost more than the scoring itself.
 */
export const jsonObject = z.custom<Record<string, unknown>>(isJsonObject, "expected a JSON object");

/**
 * A lead's free attributes from a scoring read (JSON built in SQL and parsed in one piece), for
 * the fit columns to be set on. A read of many leads does not stop at one bad row: a column
 * that holds no JSON object gives no free attributes (no attribute rule can match in it; in
 * SQL, attributes->>'field' is NULL too), and the lead's other facts still count.
 */
export function scoringAttributes(value: unknown): Record<string, unknown> {
  return value !== null && jsonObject.safeParse(value).success ? (value as Record<string, unknown>) : {};
}

// ---- scoring configuration (team.tiers, team.group_caps, rule.match, rule_change, pending_rule_change)

const framework = z.enum(["BANT", "CHAMP"]) satisfies z.ZodType<Framework>;

export const tiersColumn = z
  .array(z.looseObject({ key: z.string(), label: z.string(), min: z.number().nullable(), action: z.string() }))
  .min(1, "a team has at least one tier") satisfies z.ZodType<Tier[]>;

export const groupCapsColumn = z.record(z.string(), z.number()) satisfies z.ZodType<Record<string, number>>;

const scalar = z.union([z.string(), z.number()]);

/** A rule's `match`, by the rule's kind (see RuleMatch in src/domain/types.ts). */
const matchByKind = {
  event: z.looseObject({ type: z.string() }),
  attribute: z.looseObject({
    field: z.string(),
    op: z.enum(["contains", "equals", "in", "gte", "lte", "exists"]),
    value: z.union([scalar, z.array(scalar)]).optional(),
  }),
  qualification: z.looseObject({ framework, dimension: z.string() }),
  outcome: z.looseObject({ outcome: z.string() }),
  cycle: jsonObject,
} as const;

export type RuleKindName = keyof typeof matchByKind;
export const ruleKind = z.enum(Object.keys(matchByKind) as [RuleKindName, ...RuleKindName[]]);

/** The `match` of a rule of `kind`. */
export const ruleMatchColumn = (kind: RuleKindName): z.ZodType<RuleMatch> => matchByKind[kind] as z.ZodType<RuleMatch>;

const rule = z
  .looseObject({
    key: z.string(),
    label: z.string(),
    kind: ruleKind,
    match: jsonObject,
    points: z.number(),
    validityDays: z.number().nullable().optional(),
    maxCount: z.number().nullable().optional(),
    group: z.string().nullable().optional(),
    active: z.boolean().optional(),
  })
  .superRefine((value, ctx) => {
    const match = matchByKind[value.kind].safeParse(value.match);
    for (const issue of match.success ? [] : match.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: ["match", ...issue.path] });
  }) as unknown as z.ZodType<Rule>;

/** A whole scoring configuration, as rule changes and pending changes keep it. */
export const scoringConfigColumn = z.looseObject({
  rules: z.array(rule),
  groupCaps: groupCapsColumn,
  tiers: tiersColumn,
  framework,
}) as unknown as z.ZodType<ScoringConfig>;

// ---- the rest -----------------------------------------------------------------------------

/** member.waiting_command: the command a newcomer typed while waiting for approval. */
export const waitingCommandColumn = z
  .object({ line: z.string(), channelId: z.string().nullish().transform((id) => id ?? null) })
  .nullable();

/** Any JSON value: columns whose shape belongs to someone else (an outbox payload's view, a flow's transport). */
export const anyJson = z.json();

/** team.source_mappings: [{ pattern, type }], or null for the defaults. */
export const sourceMappingsColumn = z.array(z.looseObject({ pattern: z.string(), type: z.string() })).nullable() satisfies z.ZodType<SourceMapping[] | null>;

/** A platform messages can be delivered to (not the console), read back from a text column. */
export function readChatPlatform(value: string, where: RowRef): OutboxPlatform {
  const platform = readPlatform(value, where);
  if (platform !== "console") return platform as OutboxPlatform;
  throw new InvalidRow(where.table, where.id, where.column, "names the console, which nothing is delivered to");
}

// ---- scoring change summaries (rule_change.summary, pending_rule_change.summary) -------------

const move = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });
const ruleMoves = z.object({
  key: z.string(),
  label: z.string(),
  points: move(z.number()).optional(),
  validityDays: move(z.number().nullable()).optional(),
  maxCount: move(z.number().nullable()).optional(),
});
const changeSummary: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.object({ kind: z.literal("set"), rule: ruleMoves }),
    z.object({ kind: z.literal("thresholds"), moves: z.array(z.object({ tier: z.string(), from: z.number(), to: z.number() })) }),
    z.object({ kind: z.enum(["add", "remove"]), key: z.string(), label: z.string(), points: z.number() }),
    z.object({ kind: z.literal("many"), title: z.literal("suggested_weights").nullable(), rules: z.array(ruleMoves) }),
    z.object({ kind: z.literal("undo"), of: changeSummary }),
  ]),
);

/** A change summary for its text column: data as JSON; a summary that is already words as they are. */
export function writeChangeSummary(summary: ChangeSummary): string {
  return typeof summary === "string" ? summary : JSON.stringify(summary);
}

/**
 * A change summary read back from its text column: the data it was written from, or, for a
 * row written before summaries were data (English words), those words.
 */
export function readChangeSummary(text: string): ChangeSummary {
  if (!text.startsWith("{")) return text;
  try {
    const parsed = changeSummary.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as ChangeSummary) : text;
  } catch {
    return text;
  }
}

// ---- administrative change summaries (audit_entry.summary) -----------------------------------

const role = z.enum(["rep", "manager", "admin"]);
const adminSummary = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("role_changed"), member: z.string(), from: role, to: role, lastAdminLeft: z.boolean().optional() }),
  z.object({ kind: z.literal("member_returned"), member: z.string(), role }),
  z.object({ kind: z.literal("member_removed"), member: z.string() }),
  z.object({
    kind: z.literal("member_left"),
    member: z.string(),
    left: z.discriminatedUnion("kind", [z.object({ kind: z.literal("left") }), z.object({ kind: z.literal("removed"), by: z.string() }), z.object({ kind: z.literal("deactivated") })]),
  }),
  z.object({ kind: z.literal("leads_reassigned"), from: z.string(), to: z.string().nullable(), moved: z.number() }),
  z.object({ kind: z.literal("join_decided"), member: z.string(), approved: z.boolean() }),
  z.object({ kind: z.literal("join_mode"), mode: z.enum(["open", "approval"]) }),
  z.object({ kind: z.literal("timezone"), timezone: z.string() }),
  z.object({ kind: z.literal("language"), language: z.string() }),
  z.object({ kind: z.literal("source_mapping"), pattern: z.string(), type: z.string().nullable(), retyped: z.number() }),
  z.object({ kind: z.literal("hook_set"), name: z.string(), options: z.array(z.string()) }),
  z.object({ kind: z.literal("hooks_imported"), file: z.string(), sources: z.array(z.string()) }),
  z.object({ kind: z.literal("hook_removed"), name: z.string() }),
  z.object({ kind: z.literal("api_key"), id: z.number(), prefix: z.string(), name: z.string(), origins: z.array(z.string()).optional() }),
  z.object({ kind: z.literal("api_key_origins"), id: z.number(), prefix: z.string(), origins: z.array(z.string()) }),
]) satisfies z.ZodType<AdminSummary>;

/** An administrative change's summary for audit_entry.summary (a text column): its data as JSON. */
export function writeAdminSummary(summary: AdminSummary): string {
  return JSON.stringify(summary);
}

/**
 * Any audit row's summary read back from its text column: an administrative change's data, a
 * weight change's (readChangeSummary), or, for a row written before summaries were data (English
 * words) or JSON that is none of ours, the stored text as it is.
 */
export function readAuditSummary(text: string): AuditSummary {
  if (!text.startsWith("{")) return text;
  try {
    const parsed = adminSummary.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : readChangeSummary(text);
  } catch {
    return text;
  }
}
