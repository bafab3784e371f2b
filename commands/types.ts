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
  /**
   * How a command menu shows it where space is short (Slack's autocomplete, written into
   * slack-app-manifest.yml by `npm run slack:manifest`): a short description, by default the
   * summary without its full stop, and a hint of the words that follow the command.
   */
  menu?: { description?: string; hint?: string };
  /** Takes people as @mentions: Slack then sends them as user ids, so two people who share a name are told apart. */
  mentions?: boolean;
  run(line: ParsedLine, ctx: CommandContext): Promise<Reply>;
}
