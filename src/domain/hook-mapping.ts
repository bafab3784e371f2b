/**
 * How a form's or a CRM's webhook body becomes events: a mapping of JSON pointers (RFC 6901) to
 * the lead's email, phone, name, company, title and id in the sending system, to the event's
 * type, time and idempotency key, and to where the list of items sits in the body. The same
 * mapping is set in chat (/hooks set) or by file (JSON or YAML, /hooks import or
 * scripts/hooks.ts), and parsed here with one zod schema.
 *
 * Pure: what the pointers find becomes an item in the shape POST /api/v1/events takes, and the
 * ingestion service checks it like any other (src/services/ingest.service.ts).
 */
import { get as pointerGet } from "@hyperjump/json-pointer";
import { z } from "zod";
import { LIMITS } from "./limits.js";
import { coded, safeText } from "./safe-input.js";

/** A source's name, the last segment of its URL: /api/v1/hooks/<name>. */
export const HOOK_NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Sources one team may have. */
export const MAX_HOOK_SOURCES = 50;

// RFC 6901: "" (the whole item) or "/" followed by segments where "~" is only "~0" or "~1".
const POINTER = /^(\/([^~/]|~[01])*)*$/;

// Each check's English is what the API would say; chat words its coded problem (src/views/input-issue.view.ts).
const pointer = z
  .string()
  .max(200, "a pointer must be at most 200 characters")
  .refine((p) => POINTER.test(p), coded('is not a JSON pointer; write it like /contact/email ("/" before each key, ~1 for a "/" inside a key)', { kind: "not_json_pointer" }));

/** Pointers one name may join. */
const MAX_NAME_POINTERS = 4;
/** Values one mapping's `types` may rename. */
const MAX_TYPES = 50;

const eventType = safeText(LIMITS.eventType);

/** A mapping as a person writes it, in a file or in chat. Unknown keys are refused (a typo must not pass silently). */
export const hookMappingSchema = z
  .object({
    /** Where the list of items is (HubSpot-style bodies carry several); absent: a JSON array body is the list, else the body is one item. */
    items: pointer.optional(),
    email: pointer.optional(),
    phone: pointer.optional(),
    /** One pointer, or several whose texts are joined with spaces (first and last name). */
    name: z
      .union([
        pointer,
        z
          .array(pointer)
          .min(1)
          .refine((p) => p.length <= MAX_NAME_POINTERS, coded(`name takes at most ${MAX_NAME_POINTERS} pointers`, { kind: "too_many_pointers", max: MAX_NAME_POINTERS })),
      ])
      .optional(),
    company: pointer.optional(),
    title: pointer.optional(),
    /** The lead's id in the sending system (matched to the lead's external id). */
    leadId: pointer.optional(),
    /** Put before the value leadId finds, so ids from two systems never collide: "pipedrive-person-". */
    leadIdPrefix: z
      .string()
      .max(40, "leadIdPrefix must be at most 40 characters")
      .refine((p) => /^[\w.:-]*$/.test(p), coded("leadIdPrefix takes letters, digits and _ . : - only", { kind: "id_prefix_characters" }))
      .optional(),
    /** The event type: fixed, and the default when `typeFrom` finds nothing. */
    type: eventType.optional(),
    /** Where the event type is read, e.g. /subscriptionType. */
    typeFrom: pointer.optional(),
    /** What the values found at `typeFrom` become: { "contact.creation": "newsletter_signup" }. Others are kept as they are. */
    types: z
      .record(z.string().min(1).max(200), eventType)
      .refine((t) => Object.keys(t).length <= MAX_TYPES, coded(`types maps at most ${MAX_TYPES} values`, { kind: "too_many_types", max: MAX_TYPES }))
      .optional(),
    /** The delivery's own id, so a retried delivery counts once. Absent: the item's content is the key. */
    id: pointer.optional(),
    /** When it happened: ISO 8601, or epoch seconds or milliseconds. Absent: when it arrives. */
    occurredAt: pointer.optional(),
  })
  .strict()
  .refine((m) => m.email || m.phone || m.leadId, coded("map at least one of email, phone or leadId, so the bot knows whose event it is", { kind: "no_lead_identity" }))
  .refine((m) => m.type || m.typeFrom, coded("give the event a type (type=demo_request) or say where it is (typeFrom=/event)", { kind: "no_event_type" }));

export type HookMapping = z.output<typeof hookMappingSchema>;

/** A mapping file: `{ sources: { <name>: mapping, … } }`. */
export const hookFileSchema = z
  .object({
    sources: z
      .record(
        z.string().refine((name) => HOOK_NAME.test(name), coded("source names take lower-case letters, digits, - and _ (up to 40)", { kind: "source_name_characters", max: 40 })),
        hookMappingSchema,
      )
      .refine((s) => Object.keys(s).length >= 1, coded("the file lists no sources", { kind: "no_sources" }))
      .refine((s) => Object.keys(s).length <= MAX_HOOK_SOURCES, coded(`a team has at most ${MAX_HOOK_SOURCES} sources`, { kind: "too_many_sources", max: MAX_HOOK_SOURCES })),
  })
  .strict();

export type HookFile = z.output<typeof hookFileSchema>;

/**
 * The chat form of a mapping, `email=/email name=/first,/last type=/event types=a:x,b:y`, as
 * the object the schema reads. `type` starting with "/" is where the type is (typeFrom).
 */
export function mappingFromOptions(options: Record<string, string>): Record<string, unknown> {
  const known: Record<string, string> = { leadid: "leadId", leadidprefix: "leadIdPrefix", typefrom: "typeFrom", occurredat: "occurredAt" };
  const out: Record<string, unknown> = {};
  for (const [raw, value] of Object.entries(options)) {
    const key = known[raw] ?? raw;
    if (key === "name" && value.includes(",")) out.name = value.split(",").map((p) => p.trim());
    else if (key === "type" && value.startsWith("/")) out.typeFrom = value;
    else if (key === "types") out.types = Object.fromEntries(value.split(",").map((pair) => splitPair(pair)));
    else out[key] = value;
  }
  return out;
}

/** "contact.creation:newsletter_signup" → the pair; the last ":" splits, so values may hold one. */
function splitPair(pair: string): [string, string] {
  const at = pair.lastIndexOf(":");
  return at < 0 ? [pair.trim(), ""] : [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
}

/** A mapping written back in the chat form (what /hooks show prints, and /hooks set takes). */
export function mappingToOptions(mapping: HookMapping): string[] {
  const parts: string[] = [];
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) parts.push(`${key}=${/\s/.test(value) ? `"${value}"` : value}`);
  };
  add("items", mapping.items);
  add("email", mapping.email);
  add("phone", mapping.phone);
  add("name", Array.isArray(mapping.name) ? mapping.name.join(",") : mapping.name);
  add("company", mapping.company);
  add("title", mapping.title);
  add("leadId", mapping.leadId);
  add("leadIdPrefix", mapping.leadIdPrefix);
  add("typeFrom", mapping.typeFrom);
  add("type", mapping.type);
  if (mapping.types) add("types", Object.entries(mapping.types).map(([k, v]) => `${k}:${v}`).join(","));
  add("id", mapping.id);
  add("occurredAt", mapping.occurredAt);
  return parts;
}

// ---- applying a mapping to a body -----------------------------------------------------------

/** What a pointer finds, or undefined: a path that does not exist finds nothing (never throws). */
export function valueAt(document: unknown, at: string): unknown {
  try {
    return pointerGet(at, document as never);
  } catch {
    return undefined;
  }
}

/** The items of a body: the list at `items`, or the body itself (each element of an array body). */
export function itemsOfHookBody(mapping: HookMapping, body: unknown): { ok: true; items: unknown[] } | { ok: false; reason: string } {
  if (mapping.items !== undefined) {
    const found = valueAt(body, mapping.items);
    if (Array.isArray(found)) return { ok: true, items: found };
    if (found !== null && typeof found === "object") return { ok: true, items: [found] };
    return { ok: false, reason: `found no list of items at ${mapping.items}` };
  }
  return { ok: true, items: Array.isArray(body) ? body : [body] };
}

export type TextAt = { ok: true; value: string | undefined } | { ok: false; reason: string };

/** The text at a pointer: a string (trimmed; "" is nothing), or a number written out. Objects, lists and booleans are refused. */
export function textAt(item: unknown, at: string | undefined, field: string): TextAt {
  if (at === undefined) return { ok: true, value: undefined };
  const found = valueAt(item, at);
  if (found === undefined || found === null) return { ok: true, value: undefined };
  if (typeof found === "string") return { ok: true, value: found.trim() === "" ? undefined : found };
  if (typeof found === "number" && Number.isFinite(found)) return { ok: true, value: String(found) };
  const what = Array.isArray(found) ? "a list" : typeof found === "object" ? "an object" : `a ${typeof found}`;
  return { ok: false, reason: `${field} at ${at} is ${what}, not a text` };
}

// ISO 8601 without a zone ("2024-09-27 14:25:27", as some CRMs write UTC): read as UTC.
const ZONELESS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/** A time as the ingestion API takes it (ISO 8601 with a zone), from ISO text or epoch seconds or milliseconds. */
export function isoTimeOf(value: string): string {
  if (/^\d{1,16}(\.\d+)?$/.test(value)) {
    const n = Number(value);
    // Below 10^11 it is seconds (10^11 s is the year 5138; 10^11 ms is 1973).
    const ms = n < 1e11 ? n * 1000 : n;
    const at = new Date(ms);
    return Number.isNaN(at.getTime()) ? value : at.toISOString();
  }
  if (ZONELESS.test(value)) return `${value.replace(" ", "T")}Z`;
  return value;
}

/** An item turned into an event for the ingestion API, and what makes it unique (its id, or its content). */
export type MappedItem =
  | { ok: true; event: Record<string, unknown>; id: string | null }
  | { ok: false; reason: string; code: "not_object" | "invalid_field" | "no_identity" };

/**
 * One item of a webhook as an event of POST /api/v1/events: the lead's identity and profile,
 * the type, the time and the item itself as the payload. The key is left to the caller (the
 * source's name goes in it, or a hash of the item).
 */
export function mapHookItem(mapping: HookMapping, item: unknown): MappedItem {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return { ok: false, reason: "each item must be a JSON object", code: "not_object" };
  const texts: Record<string, string | undefined> = {};
  const fields: Array<[string, string | undefined]> = [
    ["email", mapping.email],
    ["phone", mapping.phone],
    ["company", mapping.company],
    ["title", mapping.title],
    ["leadId", mapping.leadId],
    ["typeFrom", mapping.typeFrom],
    ["id", mapping.id],
    ["occurredAt", mapping.occurredAt],
  ];
  for (const [field, at] of fields) {
    const found = textAt(item, at, field);
    if (!found.ok) return { ok: false, reason: found.reason, code: "invalid_field" };
    texts[field] = found.value;
  }
  const nameParts: string[] = [];
  for (const at of mapping.name === undefined ? [] : Array.isArray(mapping.name) ? mapping.name : [mapping.name]) {
    const found = textAt(item, at, "name");
    if (!found.ok) return { ok: false, reason: found.reason, code: "invalid_field" };
    if (found.value !== undefined) nameParts.push(found.value.trim());
  }
  const leadExternalId = texts.leadId === undefined ? undefined : `${mapping.leadIdPrefix ?? ""}${texts.leadId}`;
  if (!texts.email && !texts.phone && !leadExternalId) {
    const where = [mapping.email, mapping.phone, mapping.leadId].filter((p) => p !== undefined).join(", ");
    return { ok: false, reason: `found no email, phone or lead id (looked at ${where})`, code: "no_identity" };
  }
  const found = texts.typeFrom;
  const type = found !== undefined ? (mapping.types && Object.hasOwn(mapping.types, found) ? mapping.types[found] : found) : mapping.type;
  if (type === undefined) return { ok: false, reason: `found no event type at ${mapping.typeFrom}`, code: "invalid_field" };
  const event: Record<string, unknown> = { type, payload: item };
  if (texts.email) event.email = texts.email;
  if (texts.phone) event.phone = texts.phone;
  if (leadExternalId) event.leadExternalId = leadExternalId;
  if (nameParts.length > 0) event.name = nameParts.join(" ");
  if (texts.company) event.company = texts.company;
  if (texts.title) event.title = texts.title;
  if (texts.occurredAt) event.occurredAt = isoTimeOf(texts.occurredAt);
  return { ok: true, event, id: texts.id ?? null };
}
