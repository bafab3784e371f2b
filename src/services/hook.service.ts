/**
 * Form and CRM webhooks: a team's sources (POST /api/v1/hooks/<name>), each with a mapping of
 * JSON pointers (src/domain/hook-mapping.ts), set up in chat or by file by managers, and the
 * deliveries themselves, which become events through the ingestion service with the same
 * per-item checks as POST /api/v1/events.
 */
import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { hookFileSchema, hookMappingSchema, HOOK_NAME, mapHookItem, mappingToOptions, MAX_HOOK_SOURCES, itemsOfHookBody, type HookFile, type HookMapping } from "../domain/hook-mapping.js";
import { LIMITS } from "../domain/limits.js";
import { jsonProblem } from "../domain/safe-input.js";
import {
  countHookSources,
  deleteHookSource,
  findHookSource,
  listHookSourceRows,
  touchHookSource,
  upsertHookSource,
  type HookSourceRow,
} from "../store/hook-source.repository.js";
import { isManager, type Actor } from "./actor.js";
import type { ServiceDeps } from "./deps.js";
import { ingestEvents, MAX_BATCH_ITEMS, type BatchResult, type ItemResult } from "./ingest.service.js";
import { forbidden, invalid, ok, type Result } from "./result.js";
import { recordAudit } from "./team-admin.service.js";

export type HookSourceView = HookSourceRow;

const MANAGERS_ONLY = { reason: "managers_only", what: "hooks" } as const;

/** A mapping file is a few dozen lines; anything this large is not one. */
export const MAX_HOOK_FILE_BYTES = 65_536;

function checkName(name: string): Result<string> {
  const trimmed = name.trim().toLowerCase();
  return HOOK_NAME.test(trimmed) ? ok(trimmed) : invalid({ reason: "hook_name_unfit", typed: name.slice(0, 60) });
}

async function notFound<T>(deps: ServiceDeps, teamId: number, typed: string): Promise<Result<T>> {
  const known = (await listHookSourceRows(deps.store.db, teamId)).map((s) => s.name);
  return invalid({ reason: "hook_source_not_found", typed, known });
}

/** `/hooks`: the team's sources. Managers only. */
export async function listHookSources(deps: ServiceDeps, actor: Actor): Promise<Result<HookSourceView[]>> {
  if (!isManager(actor)) return forbidden(MANAGERS_ONLY);
  return ok(await listHookSourceRows(deps.store.db, actor.teamId));
}

/** `/hooks show <name>`: one source and its mapping. Managers only. */
export async function showHookSource(deps: ServiceDeps, actor: Actor, name: string): Promise<Result<HookSourceView>> {
  if (!isManager(actor)) return forbidden(MANAGERS_ONLY);
  const checked = checkName(name);
  if (!checked.ok) return checked;
  const source = await findHookSource(deps.store.db, actor.teamId, checked.value);
  return source ? ok(source) : notFound(deps, actor.teamId, checked.value);
}

/**
 * `/hooks set <name> email=/email …`: creates the source or replaces its mapping. Managers
 * only; the mapping is checked in full before anything is stored.
 */
export async function setHookSource(deps: ServiceDeps, actor: Actor, name: string, input: unknown): Promise<Result<{ source: HookSourceView; created: boolean }>> {
  if (!isManager(actor)) return forbidden(MANAGERS_ONLY);
  const checked = checkName(name);
  if (!checked.ok) return checked;
  const mapping = hookMappingSchema.safeParse(input);
  if (!mapping.success) return invalid({ reason: "hook_mapping_unfit", issues: mapping.error.issues });
  return deps.store.transaction(async (tx) => {
    const existing = await findHookSource(tx, actor.teamId, checked.value);
    if (!existing && (await countHookSources(tx, actor.teamId)) >= MAX_HOOK_SOURCES) return invalid({ reason: "hook_sources_full", max: MAX_HOOK_SOURCES });
    const { row, created } = await upsertHookSource(tx, { teamId: actor.teamId, name: checked.value, mapping: mapping.data, updatedById: actor.memberId, at: deps.clock() });
    await recordAudit(tx, actor, "hook_set", { kind: "hook_set", name: row.name, options: mappingToOptions(mapping.data) }, deps.clock());
    return ok({ source: row, created });
  });
}

/** `/hooks remove <name>`: deliveries to it are refused from then on. Managers only. */
export async function removeHookSource(deps: ServiceDeps, actor: Actor, name: string): Promise<Result<{ name: string }>> {
  if (!isManager(actor)) return forbidden(MANAGERS_ONLY);
  const checked = checkName(name);
  if (!checked.ok) return checked;
  const removed = await deleteHookSource(deps.store.db, actor.teamId, checked.value);
  if (!removed) return notFound(deps, actor.teamId, checked.value);
  await recordAudit(deps.store.db, actor, "hook_removed", { kind: "hook_removed", name: checked.value }, deps.clock());
  return ok({ name: checked.value });
}

/** A mapping file (JSON, or YAML for any other name), parsed and checked; nothing is stored. */
export function parseHookFile(file: { filename: string; data: Uint8Array }): Result<HookFile> {
  const filename = file.filename.slice(0, 200);
  if (file.data.byteLength > MAX_HOOK_FILE_BYTES) return invalid({ reason: "file_unreadable", problem: { kind: "too_large", bytes: file.data.byteLength, limit: MAX_HOOK_FILE_BYTES } });
  const text = Buffer.from(file.data).toString("utf8");
  let raw: unknown;
  try {
    // YAML is a superset of JSON, but JSON's own parser says where a JSON file goes wrong.
    raw = /\.json$/i.test(filename) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0]!.slice(0, 300) : "unreadable";
    return invalid({ reason: "hook_file_unreadable", filename, detail });
  }
  const parsed = hookFileSchema.safeParse(raw);
  if (!parsed.success) return invalid({ reason: "hook_mapping_unfit", issues: parsed.error.issues });
  return ok(parsed.data);
}

/**
 * Stores every source of a mapping file for a team (created or replaced; sources the file does
 * not name are left alone), in one transaction: all of them or none.
 */
export async function applyHookFile(deps: ServiceDeps, teamId: number, file: HookFile, updatedById: number | null): Promise<Result<{ created: string[]; updated: string[] }>> {
  return deps.store.transaction(async (tx) => {
    const existing = new Set((await listHookSourceRows(tx, teamId)).map((s) => s.name));
    const names = Object.keys(file.sources);
    const fresh = names.filter((n) => !existing.has(n));
    if (existing.size + fresh.length > MAX_HOOK_SOURCES) return invalid({ reason: "hook_sources_full", max: MAX_HOOK_SOURCES });
    for (const name of names) {
      await upsertHookSource(tx, { teamId, name, mapping: file.sources[name]!, updatedById, at: deps.clock() });
    }
    return ok({ created: fresh, updated: names.filter((n) => existing.has(n)) });
  });
}

/** `/hooks import` with a JSON or YAML file attached. Managers only. */
export async function importHookFile(deps: ServiceDeps, actor: Actor, file: { filename: string; data: Uint8Array }): Promise<Result<{ created: string[]; updated: string[] }>> {
  if (!isManager(actor)) return forbidden(MANAGERS_ONLY);
  const parsed = parseHookFile(file);
  if (!parsed.ok) return parsed;
  const applied = await applyHookFile(deps, actor.teamId, parsed.value, actor.memberId);
  if (applied.ok) await recordAudit(deps.store.db, actor, "hook_set", { kind: "hooks_imported", file: file.filename.slice(0, 100), sources: Object.keys(parsed.value.sources) }, deps.clock());
  return applied;
}

// ---- deliveries ------------------------------------------------------------------------------

/** Why a delivery was refused as a whole (the HTTP layer words each). */
export type HookRefusal =
  | { reason: "unknown_source"; name: string }
  | { reason: "mapping_unreadable"; name: string }
  | { reason: "no_items"; detail: string }
  | { reason: "too_many_items"; count: number; max: number };

export type HookReceipt = { ok: true; result: BatchResult; items: number } | { ok: false; refusal: HookRefusal };

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The event key of an item: the source's name and the delivery's id, or a hash of it (or of the item) when that is too long. */
function eventKey(name: string, id: string | null, item: unknown): string {
  if (id === null) return `hook:${name}:sha256:${sha256(JSON.stringify(item))}`;
  const key = `hook:${name}:${id}`;
  return key.length <= LIMITS.externalId ? key : `hook:${name}:sha256:${sha256(id)}`;
}

/** Writes lastReceivedAt at most this often per source. */
const TOUCH_EVERY_MS = 60_000;

/**
 * One delivery to a team's source: its items mapped to events and stored through the ingestion
 * service. Each item is answered like an event of POST /api/v1/events (accepted, duplicate, or
 * rejected with a reason and a code); a retried delivery is a duplicate, never counted twice.
 */
export async function receiveHook(deps: ServiceDeps, teamId: number, name: string, body: unknown): Promise<HookReceipt> {
  const source = HOOK_NAME.test(name) ? await findHookSource(deps.store.db, teamId, name) : null;
  if (!source) return { ok: false, refusal: { reason: "unknown_source", name: name.slice(0, 60) } };
  const mapping: HookMapping | null = source.mapping;
  if (!mapping) return { ok: false, refusal: { reason: "mapping_unreadable", name } };
  const shaped = itemsOfHookBody(mapping, body);
  if (!shaped.ok) return { ok: false, refusal: { reason: "no_items", detail: shaped.reason } };
  if (shaped.items.length === 0) return { ok: false, refusal: { reason: "no_items", detail: "the list of items is empty" } };
  if (shaped.items.length > MAX_BATCH_ITEMS) return { ok: false, refusal: { reason: "too_many_items", count: shaped.items.length, max: MAX_BATCH_ITEMS } };

  const results: ItemResult[] = [];
  const forwarded: Array<{ index: number; event: Record<string, unknown> }> = [];
  for (const [index, item] of shaped.items.entries()) {
    // Checked before anything walks or hashes the item: a NUL, a broken character or a
    // 20,000-deep nesting is this item's problem alone.
    const problem = jsonProblem(item);
    if (problem) {
      results[index] = { index, status: "rejected", reason: `the item ${problem}`, code: "bad_payload" };
      continue;
    }
    const mapped = mapHookItem(mapping, item);
    if (!mapped.ok) {
      results[index] = { index, status: "rejected", reason: mapped.reason, code: mapped.code };
      continue;
    }
    forwarded.push({ index, event: { ...mapped.event, id: eventKey(source.name, mapped.id, item) } });
  }
  if (forwarded.length > 0) {
    const stored = await ingestEvents(
      deps,
      teamId,
      forwarded.map((f) => f.event),
      { source: `hook:${source.name}` },
    );
    for (const [i, result] of stored.results.entries()) {
      const index = forwarded[i]!.index;
      results[index] = { ...result, index };
    }
  }
  const now = deps.clock();
  await touchHookSource(deps.store.db, source.id, now, new Date(now.getTime() - TOUCH_EVERY_MS));
  return {
    ok: true,
    items: shaped.items.length,
    result: {
      accepted: results.filter((r) => r.status === "accepted").length,
      duplicates: results.filter((r) => r.status === "duplicate").length,
      rejected: results.filter((r) => r.status === "rejected").length,
      results,
    },
  };
}
