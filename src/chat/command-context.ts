/**
 * What a command is run with, whichever platform it came from. It lives here, below the
 * commands, so the router and the conversation can run a command without importing one.
 */
import { DEFAULT_LANGUAGE, translator, type Locale, type Translator } from "../i18n/index.js";
import type { Actor } from "../services/actor.js";
import type { ServiceDeps } from "../services/deps.js";
import type { IncomingFile, Visibility } from "./reply.js";

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
  /**
   * The languages of this command's answers (README, "Languages"), chosen by the conversation
   * from the person, their team and the place; absent (tests, held commands): English. Views
   * get theirs through `replyT(ctx, visibility)`.
   */
  languages?: AnswerLanguages;
}

export interface AnswerLanguages {
  /** An answer for the person (ephemeral or private): their language, or the team's where everyone in the chat reads every answer (a Telegram group). */
  answer: Locale;
  /** An answer everyone in the chat reads (visibility "channel"): the team's language in a shared chat, the person's in a private one. */
  channel: Locale;
  /** An answer that goes to the person alone wherever they asked (visibility "private"): their language. */
  private: Locale;
}

/** The translator a reply of `visibility` is written with here. */
export function replyT(ctx: Pick<CommandContext, "languages">, visibility: Visibility = "ephemeral"): Translator {
  const languages = ctx.languages;
  return translator(languages ? languages[visibility === "ephemeral" ? "answer" : visibility] : DEFAULT_LANGUAGE);
}

/** `hint`: what the person can do so that private replies reach them (the transport's words). */
export type PrivateReach = { ok: true } | { ok: false; hint: string };
