import type { Logger } from "pino";
import { COMMANDS, type CommandContext } from "../../commands/index.js";
import { LIMITS } from "../domain/limits.js";
import { textProblem } from "../domain/safe-input.js";
import { parseLine } from "./parse.js";
import { errorReply, usageReply, type Reply } from "./reply.js";

/**
 * The one entry point every transport calls with what a person typed. It is also the error
 * boundary: a bug in one command answers politely and never takes the bot down.
 */
export async function handleLine(text: string, ctx: CommandContext, log: Logger): Promise<Reply> {
  const names = COMMANDS.map((c) => `/${c.name}`).join(", ");
  // Nothing typed reaches a command, and so the store, with characters the store refuses.
  if (text.length > LIMITS.commandLine) {
    return usageReply(`That message is ${text.length.toLocaleString("en")} characters long; I read at most ${LIMITS.commandLine.toLocaleString("en")}.`, "Shorten it, or import long lists as a file with /lead import.");
  }
  if (textProblem(text)) {
    return usageReply("That message holds a character I can't store (a NUL, or half of an emoji). Type it again without it.", `${names}. Try /help.`);
  }
  const line = parseLine(text);
  if (!line) return usageReply("Commands start with a slash.", `${names}. Try /help.`);
  const command = COMMANDS.find((c) => c.name === line.command);
  if (!command) return usageReply(`I don't know /${line.command}.`, `${names}. Try /help.`);
  try {
    return await command.run(line, ctx);
  } catch (error) {
    log.error({ err: error, command: line.command, teamId: ctx.actor.teamId, memberId: ctx.actor.memberId }, "command failed");
    return errorReply("Sorry, something went wrong on our side and nothing was changed. Please try again in a moment.");
  }
}
