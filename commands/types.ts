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
  /**
   * Whether a `private` reply can reach the person right now, asked before doing something
   * whose result only they may see (creating an API key). Absent: it always can (the console,
   * Slack's ephemeral messages and DMs, a Telegram private chat).
   */
  privateReach?: () => Promise<PrivateReach>;
}

/** `hint`: what the person can do so that private replies reach them (the transport's words). */
export type PrivateReach = { ok: true } | { ok: false; hint: string };

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
