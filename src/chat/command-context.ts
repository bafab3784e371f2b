/**
 * What a command is run with, whichever platform it came from. It lives here, below the
 * commands, so the router and the conversation can run a command without importing one.
 */
import type { Actor } from "../services/actor.js";
import type { ServiceDeps } from "../services/deps.js";
import type { IncomingFile } from "./reply.js";

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
