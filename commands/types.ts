import type { ParsedLine } from "../src/chat/parse.js";
import type { CommandContext } from "../src/chat/command-context.js";
import type { Reply } from "../src/chat/reply.js";

export type { CommandContext, PrivateReach } from "../src/chat/command-context.js";

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
