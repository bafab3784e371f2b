import { z } from "zod";
import type { ParsedLine } from "../src/chat/parse.js";
import { errorReply, reply, usageReply, type Action, type Reply } from "../src/chat/reply.js";
import type { Failure, Result } from "../src/services/result.js";

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

/** Parses a command's words with its zod schema; a mistake becomes a usage reply. */
export function parseInput<S extends z.ZodType>(schema: S, line: ParsedLine, usage: string): Parsed<z.infer<S>> {
  const parsed = schema.safeParse({ args: line.args, options: line.options });
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reply: usageReply(issue?.message ?? "That didn't look right.", usage) };
}

/**
 * The handler a subcommand word names. Only the table's own keys count: a plain object also
 * answers "constructor" or "valueOf", which must read as unknown words, not run.
 */
export function subcommand<T>(table: Record<string, T>, word: string | undefined): T | undefined {
  const name = word?.toLowerCase();
  return name !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
}

export const positiveInt = (what: string) =>
  z.coerce.number({ error: `${what} must be a whole number.` }).int(`${what} must be a whole number.`).positive(`${what} must be above 0.`);

/**
 * Shows an expected failure. Unknown or ambiguous leads come with the closest matches as
 * choices that re-run the same command with the lead's id.
 */
export function failureReply(failure: Failure, retry?: (leadId: number) => string): Reply {
  switch (failure.code) {
    case "not_found": {
      const actions: Action[] = retry ? failure.suggestions.map((l) => ({ label: leadLabel(l), command: retry(l.id) })) : [];
      const hint = failure.suggestions.length > 0 ? " Did you mean:" : " Try part of the name, an email, a phone or #id.";
      return errorReply(failure.message + hint, actions);
    }
    case "ambiguous": {
      const actions: Action[] = retry ? failure.candidates.map((l) => ({ label: leadLabel(l), command: retry(l.id) })) : [];
      return errorReply(failure.message, actions);
    }
    case "forbidden":
      return reply([{ type: "text", text: failure.message }], { tone: "refused" });
    default:
      return errorReply(failure.message);
  }
}

export function leadLabel(lead: { id: number; name: string; company: string | null }): string {
  return `#${lead.id} ${lead.name}${lead.company ? ` (${lead.company})` : ""}`;
}

/** Unwraps a service result, or answers with its failure. */
export function orFailure<T>(result: Result<T>, retry?: (leadId: number) => string): { ok: true; value: T } | { ok: false; reply: Reply } {
  return result.ok ? result : { ok: false, reply: failureReply(result.error, retry) };
}

export { quote } from "../src/chat/parse.js";
