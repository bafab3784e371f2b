import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { LIMITS } from "../domain/limits.js";
import { textProblem } from "../domain/safe-input.js";
import { replyT, type CommandContext } from "./command-context.js";
import { parseLine, type ParsedLine } from "./parse.js";
import { secondsSince } from "../metrics/elapsed.js";
import type { CommandOutcome } from "../metrics/metrics.js";
import { errorReply, usageReply, type Reply } from "./reply.js";

/** What the router needs of a command: its name and how to run it (commands/types.ts has the rest). */
export interface RoutableCommand {
  name: string;
  run(line: ParsedLine, ctx: CommandContext): Promise<Reply>;
}

/** Runs a line someone typed (or a button carried) as `ctx.actor`, and says what to answer. */
export type Router = (text: string, ctx: CommandContext, log: Logger) => Promise<Reply>;

/**
 * The one entry point every platform calls with what a person typed, over the commands it is
 * given: the registry (commands/index.ts) binds its list here, so this layer never imports a
 * command. It is also the error boundary: a bug in one command answers politely and never
 * takes the bot down.
 */
export function commandRouter(commands: readonly RoutableCommand[]): Router {
  const route = async (text: string, ctx: CommandContext, log: Logger): Promise<{ reply: Reply; command: string; failed?: boolean }> => {
    const names = commands.map((c) => `/${c.name}`).join(", ");
    const t = replyT(ctx);
    const tryHelp = t.t("router.commands", { names, help: "/help" });
    // Nothing typed reaches a command, and so the store, with characters the store refuses.
    if (text.length > LIMITS.commandLine) {
      const reply = usageReply(
        t.t("router.tooLong", { length: text.length, max: LIMITS.commandLine }),
        t.t("router.tooLongHint", { command: "/lead import" }),
        t,
      );
      return { reply, command: NOT_A_COMMAND };
    }
    if (textProblem(text)) {
      return { reply: usageReply(t.t("router.badCharacter"), tryHelp, t), command: NOT_A_COMMAND };
    }
    const line = parseLine(text);
    if (!line) return { reply: usageReply(t.t("router.noSlash"), tryHelp, t), command: NOT_A_COMMAND };
    const command = commands.find((c) => c.name === line.command);
    if (!command) return { reply: usageReply(t.t("router.unknown", { command: `/${line.command}` }), tryHelp, t), command: UNKNOWN_COMMAND };
    try {
      return { reply: await command.run(line, ctx), command: command.name };
    } catch (error) {
      log.error({ err: error, command: line.command, teamId: ctx.actor.teamId, memberId: ctx.actor.memberId }, "command failed");
      return { reply: errorReply(t.t("router.failed")), command: command.name, failed: true };
    }
  };
  return async (text, ctx, log) => {
    const started = performance.now();
    // One id per command ties its log lines together (README, "Logs").
    const commandLog = log.child({ commandId: randomUUID() });
    const { reply, command, failed } = await route(text, ctx, commandLog);
    const outcome: CommandOutcome = failed ? "failed" : reply.tone;
    const seconds = secondsSince(started);
    ctx.deps.metrics?.command(command, outcome, seconds);
    commandLog.info({ command, outcome, ms: Math.round(seconds * 1000), teamId: ctx.actor.teamId, memberId: ctx.actor.memberId }, "command answered");
    // The renderers' own words (a form shown as text) are said in the reply's language.
    return ctx.languages && !reply.locale ? { ...reply, locale: replyT(ctx, reply.visibility).locale } : reply;
  };
}

/** The metrics' name for a line that is no command (no slash, too long, a character we cannot store). */
export const NOT_A_COMMAND = "none";
/** The metrics' name for a command nobody registered: what was typed never becomes a label. */
export const UNKNOWN_COMMAND = "unknown";
