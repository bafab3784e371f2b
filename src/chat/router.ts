import type { Logger } from "pino";
import { COMMANDS, type CommandContext } from "../../commands/index.js";
import { parseLine } from "./parse.js";
import { errorReply, usageReply, type Reply } from "./reply.js";

/**
 * The one entry point every transport calls with what a person typed. It is also the error
 * boundary: a bug in one command answers politely and never takes the bot down.
 */
export async function handleLine(text: string, ctx: CommandContext, log: Logger): Promise<Reply> {
  const line = parseLine(text);
  const names = COMMANDS.map((c) => `/${c.name}`).join(", ");
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
