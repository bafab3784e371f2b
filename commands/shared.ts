import { z } from "zod";
import type { ParsedLine } from "../src/chat/parse.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import { replyT, type CommandContext } from "../src/chat/command-context.js";
import type { Result } from "../src/services/result.js";
import { failureReply } from "../src/views/failure.view.js";

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

/** Unwraps a service result, or answers with its failure in the reader's language. */
export function orFailure<T>(ctx: Pick<CommandContext, "languages">, result: Result<T>, retry?: (leadId: number) => string): { ok: true; value: T } | { ok: false; reply: Reply } {
  return result.ok ? result : { ok: false, reply: failureReply(result.error, replyT(ctx), retry) };
}

export { quote } from "../src/chat/parse.js";
// Failures are worded in their view; commands keep importing them from here.
export { failureReply, leadLabel } from "../src/views/failure.view.js";
