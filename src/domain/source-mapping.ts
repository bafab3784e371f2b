/**
 * How tracked activity becomes a rule type. A tracking source (Segment, RudderStack, the
 * website snippet) sends page views with a path and track calls with an event name; each team
 * maps them to the event types its rules score ("/pricing*" → pricing_page, "Demo Requested" →
 * demo_request). Pure: the service applies these to what arrives and to what is stored.
 *
 * A pattern that starts with "/" matches page paths; any other matches track event names.
 * `*` stands for any run of characters and `?` for one; matching ignores case. When several
 * patterns match, the most specific wins: an exact name over a glob, then the glob with the
 * most literal characters, then the one added last.
 */
import { LIMITS } from "./limits.js";

export interface SourceMapping {
  /** A page path glob ("/pricing*") or a track event name glob ("Demo Requested", "Trial *"). */
  pattern: string;
  /** The event type a rule scores: "pricing_page". */
  type: string;
}

/** What a page view is when no mapping names it: a visit (capped with the web activity group). */
export const PAGE_VIEW_TYPE = "website_visit";

/** The mappings a team starts with (and keeps until a manager changes one). */
export const DEFAULT_SOURCE_MAPPINGS: readonly SourceMapping[] = [
  { pattern: "/pricing*", type: "pricing_page" },
  { pattern: "/plans*", type: "pricing_page" },
  { pattern: "/careers*", type: "careers_page" },
  { pattern: "/jobs*", type: "careers_page" },
  { pattern: "Demo Requested", type: "demo_request" },
  { pattern: "Quote Requested", type: "quote_request" },
  { pattern: "Order Completed", type: "purchase" },
  { pattern: "Webinar Attended", type: "webinar_attended" },
  { pattern: "Newsletter Subscribed", type: "newsletter_signup" },
  { pattern: "Email Link Clicked", type: "email_click" },
  { pattern: "Guide Downloaded", type: "guide_download" },
];

/** Whether a name (or pattern) is a page path rather than a track event name. */
export const isPagePath = (name: string): boolean => name.startsWith("/");

/** Longest pattern accepted: a name longer than any stored one could never match. */
export const MAX_PATTERN = LIMITS.externalId;

const regexCache = new Map<string, RegExp>();

function globRegex(pattern: string): RegExp {
  let cached = regexCache.get(pattern);
  if (!cached) {
    const body = [...pattern].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
    cached = new RegExp(`^${body}$`, "is");
    if (regexCache.size > 5_000) regexCache.clear();
    regexCache.set(pattern, cached);
  }
  return cached;
}

export const isGlob = (pattern: string): boolean => /[*?]/.test(pattern);

/** Whether `pattern` matches `name`: the same kind (page or track), the glob, any case. */
export function patternMatches(pattern: string, name: string): boolean {
  if (isPagePath(pattern) !== isPagePath(name)) return false;
  if (!isGlob(pattern)) return pattern.toLowerCase() === name.toLowerCase();
  return globRegex(pattern).test(name);
}

/** Higher is more specific: exact names first, then globs by their literal characters. */
const specificity = (pattern: string): number => (isGlob(pattern) ? pattern.replace(/[*?]/g, "").length : 1_000_000);

/** The mapping that decides `name`, or null when none matches. Later entries win ties. */
export function mappingFor(mappings: readonly SourceMapping[], name: string): SourceMapping | null {
  let best: SourceMapping | null = null;
  let bestRank = -1;
  for (const mapping of mappings) {
    if (!patternMatches(mapping.pattern, name)) continue;
    const rank = specificity(mapping.pattern);
    if (rank >= bestRank) {
      best = mapping;
      bestRank = rank;
    }
  }
  return best;
}

/**
 * The event type of tracked activity: a page path's or event name's mapping; unmapped, a page
 * view is a visit and a track call keeps its own name (so a source that sends "demo_request"
 * needs no mapping).
 */
export function typeForName(mappings: readonly SourceMapping[], name: string): string {
  const mapping = mappingFor(mappings, name);
  if (mapping) return mapping.type;
  return isPagePath(name) ? PAGE_VIEW_TYPE : name;
}

/**
 * Whether `name` counts as mapped for /sources: a mapping names it, or (a track event) its own
 * name is a type a rule scores.
 */
export function isMapped(mappings: readonly SourceMapping[], name: string, ruleTypes: ReadonlySet<string>): boolean {
  if (mappingFor(mappings, name)) return true;
  return !isPagePath(name) && ruleTypes.has(name);
}

/** Why a pattern cannot be a mapping, or null. */
export type PatternProblem = "empty" | "too_long" | "only_wildcards";

export function patternProblem(pattern: string): PatternProblem | null {
  if (pattern.trim() === "") return "empty";
  if (pattern.length > MAX_PATTERN) return "too_long";
  if (pattern.replace(/[*?/]/g, "") === "" && pattern !== "/") return "only_wildcards";
  return null;
}

/** A change to the mappings: add (or re-point) one pattern, or remove one. */
export type MappingEdit = { kind: "map"; pattern: string; type: string } | { kind: "unmap"; pattern: string };

/** The mappings after `edit`; a pattern is one entry whatever its case. Null when unmapping a pattern that is not there. */
export function applyMappingEdit(mappings: readonly SourceMapping[], edit: MappingEdit): SourceMapping[] | null {
  const same = (m: SourceMapping) => m.pattern.toLowerCase() === edit.pattern.toLowerCase();
  const rest = mappings.filter((m) => !same(m));
  if (edit.kind === "unmap") return rest.length === mappings.length ? null : rest;
  return [...rest, { pattern: edit.pattern, type: edit.type }];
}

/** A short fingerprint of a mapping list, so a confirmation applies only to what its preview saw. */
export function mappingsFingerprint(mappings: readonly SourceMapping[]): string {
  // FNV-1a over the JSON: short, stable, no crypto needed for a staleness check.
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(mappings)) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * A tracked event's time the way Segment corrects it: the client's clock may be off, so its
 * `timestamp` is moved by the difference between when the server received the message and when
 * the client says it sent it. Without `sentAt` the timestamp stands; without a timestamp it
 * happened when it arrived.
 */
export function correctedTime(timestamp: Date | null, sentAt: Date | null, receivedAt: Date): Date {
  if (!timestamp) return receivedAt;
  if (!sentAt) return timestamp;
  return new Date(timestamp.getTime() + (receivedAt.getTime() - sentAt.getTime()));
}

/** Words of a rule's key too common to tell rules apart ("pricing_page" is told by "pricing"). */
const GENERIC_WORDS = new Set(["page", "request", "requested", "visit", "attended", "click", "signup", "the", "a"]);
const wordsOf = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).map((w) => (w.length > 3 && w.endsWith("s") ? w.slice(0, -1) : w));

/**
 * The rule type a page path or event name most likely means, by the rule-key words in it
 * ("/compare/pricing-plans" → pricing_page, "Demo booked" → demo_request), or null when no
 * single type is named.
 */
export function suggestType(types: readonly string[], name: string): string | null {
  const words = new Set(wordsOf(name));
  const named = types.filter((type) => wordsOf(type).some((w) => !GENERIC_WORDS.has(w) && words.has(w)));
  return named.length === 1 ? named[0]! : null;
}
