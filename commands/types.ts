import type { ParsedLine } from "../src/chat/parse.js";
import type { IncomingFile, Reply } from "../src/chat/reply.js";
import type { Actor } from "../src/services/actor.js";
import type { ServiceDeps } from "../src/services/deps.js";

export interface CommandContext {
  deps: ServiceDeps;
  actor: Actor;
  /** The chat the command was typed in, for commands that point the bot at it (/digest channel). */
  place?: { platform: "slack" | "telegram" | "console"; channelId: string };
  /** Files sent with the command (Slack file share, Telegram document), for /lead import. */
  files?: IncomingFile[];
}

/** One chat command, shared by every transport. */
export interface CommandDefinition {
  name: string;
  /** One line for /help. */
  summary: string;
  /** Usage lines, shown with mistakes and in /help <command>. */
  usage: string[];
  /** Longer help with examples. */
  help: string;
  run(line: ParsedLine, ctx: CommandContext): Promise<Reply>;
}
