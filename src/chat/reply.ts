/**
 * The transport-neutral reply model. Commands build these; each transport renders them
 * (Block Kit, Telegram HTML, plain text). Keep it small: anything a renderer cannot show
 * well must still read sensibly as text.
 */
import { DEFAULT_LANGUAGE, translator, type Locale, type Translator } from "../i18n/index.js";
import type { Platform } from "../platforms/names.js";

/** A button or numbered choice. Choosing it runs `command` as the person who chose it. */
export interface Action {
  label: string;
  command: string;
  style?: "primary" | "danger";
}

export interface FormField {
  id: string;
  label: string;
  /** Choice fields offer `options`; text fields take free text. */
  kind: "choice" | "text";
  options?: string[];
  initial?: string;
  optional?: boolean;
}

export type Block =
  | { type: "header"; text: string }
  | { type: "text"; text: string }
  | { type: "fields"; fields: Array<{ label: string; value: string }> }
  | { type: "list"; title?: string; items: string[] }
  | { type: "context"; text: string }
  | { type: "actions"; actions: Action[] }
  /**
   * An interactive form (Slack modal, Telegram step-by-step). `submit` is a command prefix;
   * the answers are appended as `field=value` pairs.
   */
  | { type: "form"; id: string; title: string; fields: FormField[]; submit: string };

/**
 * A file a reply carries (an export, a chart). Slack uploads it to the conversation,
 * Telegram sends images as a photo and anything else as a document, the console saves it.
 */
export interface Attachment {
  filename: string;
  /** MIME type, e.g. "text/csv" or "image/png". */
  contentType: string;
  data: Uint8Array;
  /** A caption shown with the file. */
  title?: string;
}

/** A file someone sent with a command (a CSV or XLSX to import), already downloaded. */
export interface IncomingFile {
  filename: string;
  contentType?: string;
  data: Uint8Array;
}

/**
 * Who may see a reply:
 * - `ephemeral`: the person who asked, where the platform can do that (Slack's ephemeral
 *   messages); elsewhere the chat they asked in (a Telegram group sees it). For look-ups any
 *   teammate may see.
 * - `channel`: everyone in the chat (team-visible actions, announcements).
 * - `private`: the person who asked and nobody else, on every platform: a secret (a new API
 *   key). Never posted to a shared chat; where it cannot reach the person privately, the chat
 *   gets `privateFallback` instead.
 */
export type Visibility = "ephemeral" | "channel" | "private";

export interface Reply {
  blocks: Block[];
  attachments?: Attachment[];
  visibility: Visibility;
  /** Lets transports style mistakes differently and tests tell them apart. */
  tone: "ok" | "usage" | "error" | "refused";
  /**
   * For a `private` reply: what the shared chat may be told instead when the reply could not
   * reach the person privately (the transport adds how to make that possible). Nothing secret.
   */
  privateFallback?: Block[];
  /**
   * A command to run next as someone else, in the chat where they typed it: a newcomer's first
   * command, held while an admin approved them. The transport runs it and shows its reply there.
   */
  followUp?: FollowUp;
  /**
   * The language its words are in, stamped by the router from the command's answer languages.
   * A renderer's own words (a form shown as text, "shortened") follow it. Absent: English.
   */
  locale?: Locale;
}

/**
 * `reply` stamped with the language `t` wrote it in, for words a renderer adds (see `locale`).
 * English is the default, so an English reply stays unstamped.
 */
export const writtenIn = (reply: Reply, t: Translator): Reply => (reply.locale || t.locale === DEFAULT_LANGUAGE ? reply : { ...reply, locale: t.locale });

/** The translator of a renderer's own words for `reply`: the language the reply was written in. */
export const replyLocaleT = (reply: Pick<Reply, "locale">): Translator => translator(reply.locale ?? DEFAULT_LANGUAGE);

export interface FollowUp {
  actor: { teamId: number; memberId: number; role: "rep" | "manager" | "admin"; name: string };
  /** Who they are on their platform, so the transport can show them the answer (and only theirs runs it). */
  person: { platform: Platform; externalId: string };
  line: string;
  /** Where they typed it; null when unknown (the reply then goes where the approval was given). */
  channelId: string | null;
}

export function reply(blocks: Block[], options: Partial<Pick<Reply, "visibility" | "tone" | "privateFallback">> = {}): Reply {
  return {
    blocks,
    visibility: options.visibility ?? "ephemeral",
    tone: options.tone ?? "ok",
    ...(options.privateFallback ? { privateFallback: options.privateFallback } : {}),
  };
}

/** A mistake and how the command is typed. `t`: the reader's words (English until the caller is converted). */
export function usageReply(problem: string, usage: string, t: Translator = translator(DEFAULT_LANGUAGE)): Reply {
  return reply([{ type: "text", text: problem }, { type: "context", text: t.t("chat.usage", { usage }) }], { tone: "usage" });
}

export function errorReply(text: string, actions: Action[] = []): Reply {
  const blocks: Block[] = [{ type: "text", text }];
  if (actions.length > 0) blocks.push({ type: "actions", actions });
  return reply(blocks, { tone: "error" });
}
