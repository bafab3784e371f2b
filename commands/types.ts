import type { ParsedLine } from "../src/chat/parse.js";
import type { CommandContext } from "../src/chat/command-context.js";
import type { Reply } from "../src/chat/reply.js";
import type { MessageKey } from "../src/i18n/index.js";

export type { CommandContext, PrivateReach } from "../src/chat/command-context.js";

/** One chat command, shared by every transport. */
export interface CommandDefinition {
  name: string;
  /** One line for /help and Telegram's command menu: a catalog key (src/i18n/catalogs/en.ts). */
  summary: MessageKey;
  /** Usage lines, shown with mistakes and in /help <command>: typed syntax, the same in every language. */
  usage: string[];
  /** Longer help with examples: a catalog key, its placeholders filled from `examples`. */
  help: MessageKey;
  /** The typed command lines `help` names by placeholder ({status}: "/lead status acme"): never translated. */
  examples?: Record<string, string>;
  /**
   * How a command menu shows it where space is short (Slack's autocomplete, written into
   * slack-app-manifest.yml by `npm run slack:manifest`): a short description (a catalog key),
   * by default the summary without its full stop, and a hint of the words that follow the
   * command (typed syntax, not translated).
   */
  menu?: { description?: MessageKey; hint?: string };
  /** Takes people as @mentions: Slack then sends them as user ids, so two people who share a name are told apart. */
  mentions?: boolean;
  run(line: ParsedLine, ctx: CommandContext): Promise<Reply>;
}
