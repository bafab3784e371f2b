/**
 * The one set of rules for text, dates and JSON that reach the store, whatever the boundary
 * (API items, file rows, chat arguments). PostgreSQL refuses a NUL character in text and
 * jsonb, and a lone UTF-16 surrogate ("\ud800") in jsonb; a date in year 0; a jsonb value
 * nested deeper than its stack. Left unchecked, one such item fails its whole batch. Checked
 * here, each is refused on its own with a reason, before any transaction begins.
 */
import { z } from "zod";
import { LIMITS } from "./limits.js";

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What keeps a text from being stored as it is. */
export type TextIssue = "nul" | "broken_unicode";

/** Why a text cannot be stored as it is, or null when it can. */
export function textIssue(text: string): TextIssue | null {
  if (text.includes("\u0000")) return "nul";
  if (LONE_SURROGATE.test(text)) return "broken_unicode";
  return null;
}

// The API's words for a text issue, inside zod messages and per-item reasons (English, like
// the rest of the HTTP API). Chat words the issue itself, in src/views/failure.view.ts.
const TEXT_ISSUE_WORDS: Record<TextIssue, string> = {
  nul: "must not contain a NUL character",
  broken_unicode: "is not valid Unicode (it holds a broken character)",
};

/** Why a text cannot be stored as it is, in the API's words, or null when it can. */
export function textProblem(text: string): string | null {
  const issue = textIssue(text);
  return issue && TEXT_ISSUE_WORDS[issue];
}

const wellFormed = (schema: z.ZodString) =>
  schema.superRefine((text, ctx) => {
    const problem = textProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A required text of at most `max` characters, trimmed. */
export const safeText = (max: number) => wellFormed(z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`));

/** An optional-content text (may be empty) of at most `max` characters, trimmed. */
export const safeOptionalText = (max: number) => wellFormed(z.string().trim().max(max, `must be at most ${max} characters`));

/** What keeps a date from being stored for something that happened. */
export type DateIssue = "not_a_date" | "before_1970" | "in_the_future";

/** Why a date cannot be stored for something that happened, or null: 1970 up to a few minutes from now. */
export function pastDateIssue(at: Date, now: Date): DateIssue | null {
  if (Number.isNaN(at.getTime())) return "not_a_date";
  if (at.getTime() < LIMITS.earliest.getTime()) return "before_1970";
  if (at.getTime() - now.getTime() > LIMITS.futureMs) return "in_the_future";
  return null;
}

const DATE_ISSUE_WORDS: Record<DateIssue, string> = { not_a_date: "is not a date", before_1970: "is before 1970", in_the_future: "is in the future" };

/** pastDateIssue in the API's words ("is in the future"), or null. */
export function pastDateProblem(at: Date, now: Date): string | null {
  const issue = pastDateIssue(at, now);
  return issue && DATE_ISSUE_WORDS[issue];
}

/**
 * Why a JSON value (a parsed payload) cannot be stored, or null. The walk is iterative and
 * stops at the first problem, so a value nested 20,000 deep costs nothing and never reaches
 * code that recurses (JSON.stringify, PostgreSQL's jsonb parser).
 */
export function jsonProblem(value: unknown, limits: { depth: number; bytes: number } = { depth: LIMITS.payloadDepth, bytes: LIMITS.payloadBytes }): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  // A lower bound of the JSON text's size, so a huge value is refused before it is serialised.
  let bytes = 0;
  while (stack.length > 0) {
    const { value: node, depth } = stack.pop()!;
    if (typeof node === "string") {
      const problem = textProblem(node);
      if (problem) return problem;
      bytes += node.length + 2;
    } else if (node !== null && typeof node === "object") {
      if (depth >= limits.depth) return `is nested more than ${limits.depth} levels deep`;
      const entries = Array.isArray(node) ? node.map((v) => ["", v] as const) : Object.entries(node);
      bytes += 2;
      for (const [key, child] of entries) {
        const problem = textProblem(key);
        if (problem) return `has a key that ${problem}`;
        bytes += key.length + 1;
        stack.push({ value: child, depth: depth + 1 });
      }
    } else {
      bytes += 4;
    }
    if (bytes > limits.bytes) return `is larger than ${limits.bytes} bytes`;
  }
  return null;
}

// The API's words for what is wrong with attributes (English, like the rest of the HTTP API);
// inputIssues reads them back as data for chat, which words them in the reader's language.
const ATTRIBUTE_WORDS = {
  keyEmpty: "an attribute key must not be empty",
  keyTooLong: `attribute keys must be at most ${LIMITS.attributeKey} characters`,
  valueTooLong: `attribute values must be at most ${LIMITS.attributeValue} characters`,
  notFinite: "attribute numbers must be finite",
  tooMany: `a lead holds at most ${LIMITS.attributesPerLead} attributes`,
};

/** A lead's fit attributes as pushed or imported: bounded keys, values and count. */
export const attributesSchema = z
  .record(
    wellFormed(z.string().min(1, ATTRIBUTE_WORDS.keyEmpty).max(LIMITS.attributeKey, ATTRIBUTE_WORDS.keyTooLong)),
    z.union([
      wellFormed(z.string().max(LIMITS.attributeValue, ATTRIBUTE_WORDS.valueTooLong)),
      z.number().refine(Number.isFinite, ATTRIBUTE_WORDS.notFinite),
      z.boolean(),
      z.null(),
    ]),
  )
  .refine((attributes) => Object.keys(attributes).length <= LIMITS.attributesPerLead, ATTRIBUTE_WORDS.tooMany);

/** A text made safe to show and store: broken characters become U+FFFD, NULs "␀". */
export function printable(text: string): string {
  return text.replace(new RegExp(LONE_SURROGATE.source, "g"), "\uFFFD").replaceAll("\u0000", "␀");
}

/** What is wrong with one value of a failed parse, as data a view words (src/views/input-issue.view.ts). */
export type InputProblem =
  | { kind: "text"; issue: TextIssue }
  | { kind: "empty" }
  | { kind: "too_long"; max: number }
  | { kind: "attribute_key_empty" }
  | { kind: "attribute_key_too_long"; max: number }
  | { kind: "attribute_value_too_long"; max: number }
  | { kind: "attribute_number_not_finite" }
  | { kind: "too_many_attributes"; max: number }
  /** Keys an object does not take (a typo must not pass silently): as typed. */
  | { kind: "unknown_field"; fields: string[] }
  // A webhook mapping's own checks (src/domain/hook-mapping.ts), carried on its issues (coded).
  | { kind: "not_json_pointer" }
  | { kind: "too_many_pointers"; max: number }
  | { kind: "id_prefix_characters" }
  | { kind: "too_many_types"; max: number }
  | { kind: "no_lead_identity" }
  | { kind: "no_event_type" }
  | { kind: "source_name_characters"; max: number }
  | { kind: "no_sources" }
  | { kind: "too_many_sources"; max: number }
  /** Anything else (a wrong type): said as "not valid". */
  | { kind: "invalid" };

/**
 * A custom check's words for the API (English) and its problem as data, for `.refine(ok, coded(…))`:
 * zod keeps `params` on the issue, where inputIssues reads the problem back for chat.
 */
export function coded(message: string, problem: InputProblem): { message: string; params: { problem: InputProblem } } {
  return { message, params: { problem } };
}

/** The problem a coded check put on its issue, or null. */
function codedProblem(issue: z.core.$ZodIssue): InputProblem | null {
  if (issue.code !== "custom") return null;
  const problem: unknown = issue.params?.problem;
  return problem !== null && typeof problem === "object" && typeof (problem as { kind?: unknown }).kind === "string" ? (problem as InputProblem) : null;
}

/** One problem of a failed parse: where (a dotted path, printable; empty for the whole value) and what. */
export interface InputIssue {
  path: string;
  problem: InputProblem;
}

function inputProblem(issue: z.core.$ZodIssue): InputProblem {
  // A record's key that failed its own schema: its inner issue says what was wrong.
  if (issue.code === "invalid_key" && issue.issues[0]) return inputProblem(issue.issues[0]);
  const own = codedProblem(issue);
  if (own) return own;
  if (issue.code === "unrecognized_keys") return { kind: "unknown_field", fields: issue.keys.map(printable) };
  const text = (Object.keys(TEXT_ISSUE_WORDS) as TextIssue[]).find((k) => TEXT_ISSUE_WORDS[k] === issue.message);
  if (text) return { kind: "text", issue: text };
  switch (issue.message) {
    case ATTRIBUTE_WORDS.keyEmpty:
      return { kind: "attribute_key_empty" };
    case ATTRIBUTE_WORDS.keyTooLong:
      return { kind: "attribute_key_too_long", max: LIMITS.attributeKey };
    case ATTRIBUTE_WORDS.valueTooLong:
      return { kind: "attribute_value_too_long", max: LIMITS.attributeValue };
    case ATTRIBUTE_WORDS.notFinite:
      return { kind: "attribute_number_not_finite" };
    case ATTRIBUTE_WORDS.tooMany:
      return { kind: "too_many_attributes", max: LIMITS.attributesPerLead };
  }
  if (issue.code === "too_small" && (issue.origin === "string" || issue.origin === "array") && Number(issue.minimum) === 1) return { kind: "empty" };
  if (issue.code === "too_big" && issue.origin === "string") return { kind: "too_long", max: Number(issue.maximum) };
  return { kind: "invalid" };
}

/** The first few problems of a failed parse, as data: chat words them in the reader's language. */
export function inputIssues(error: { issues: readonly z.core.$ZodIssue[] }): InputIssue[] {
  return error.issues.slice(0, 3).map((issue) => ({ path: issue.path.map((part) => printable(String(part))).join("."), problem: inputProblem(issue) }));
}

/**
 * The first few problems of a failed parse, as one line a person can act on, in the API's
 * English words (HTTP answers, which stay English). Chat uses inputIssues.
 */
export function describeIssues(error: { issues: readonly z.core.$ZodIssue[] }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      // A record's key that failed its own schema: its message says what was wrong.
      const message = issue.code === "invalid_key" && issue.issues[0] ? issue.issues[0].message : issue.message;
      const path = issue.path.map((part) => printable(String(part))).join(".");
      return path ? `${path} ${message}` : message;
    })
    .join("; ");
}

/** The first problem among texts a person typed: which field, and what is wrong with it. */
export type TextFieldProblem<F> = { field: F; issue: TextIssue } | { field: F; issue: "too_long"; length: number; max: number };

/**
 * The first problem among texts a person typed (field, value, longest allowed), or null when
 * every one can be stored.
 */
export function textsProblem<F>(fields: ReadonlyArray<readonly [field: F, value: string | null | undefined, max: number]>): TextFieldProblem<F> | null {
  for (const [field, value, max] of fields) {
    if (value === null || value === undefined) continue;
    const issue = textIssue(value);
    if (issue) return { field, issue };
    if (value.length > max) return { field, issue: "too_long", length: value.length, max };
  }
  return null;
}
