/**
 * Files on Slack: attachments a reply carries (exports, charts) are uploaded with
 * files.uploadV2; files people share with "/lead import" are downloaded with the bot token.
 */
import { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { Attachment, IncomingFile } from "../../chat/reply.js";
import { DEFAULT_IMPORT_LIMITS } from "../../services/lead-file.js";
import { DEFAULT_LANGUAGE, translator, type Translator } from "../../i18n/index.js";
import { tooLargeMessage } from "../../views/lead-file.view.js";
import { downloadProblemText } from "../../views/platform.view.js";
import { fetchLimited, type LimitedBody } from "../file-download.js";

type WebClient = webApi.WebClient;

/** Refusals that mean "not in this conversation": the person still gets the file, in a DM. */
const NOT_HERE = new Set(["not_in_channel", "channel_not_found", "access_denied", "restricted_action", "is_archived"]);

/** The Slack error code of a Web API refusal (`channel_not_found`), if that is what it was. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== webApi.ErrorCode.PlatformError) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === "string" ? data.error : undefined;
}

/**
 * Uploads each attachment to `channelId` (files.getUploadURLExternal, the bytes to the upload
 * URL, files.completeUploadExternal). Where the bot may not post (a DM between two people, a
 * private channel it is not in) the file goes to the person's DM with the app instead.
 */
export async function uploadAttachments(
  client: WebClient,
  where: { channelId?: string; userId: string },
  attachments: readonly Attachment[],
  log: Logger,
): Promise<void> {
  let channel = where.channelId;
  for (const attachment of attachments) {
    const upload = (channel_id: string) =>
      client.files.uploadV2({
        channel_id,
        file: Buffer.from(attachment.data),
        filename: attachment.filename,
        title: attachment.title ?? attachment.filename,
        ...(attachment.title ? { initial_comment: attachment.title } : {}),
      });
    if (channel) {
      try {
        await upload(channel);
        continue;
      } catch (error) {
        const code = slackErrorCode(error);
        if (!code || !NOT_HERE.has(code)) throw error;
        log.warn({ slackError: code, channel }, "could not share a file in the channel; sending it in a direct message");
      }
    }
    channel = await directMessageChannel(client, where.userId);
    await upload(channel);
  }
}

/** The app's direct-message conversation with a person (conversations.open; needs im:write). */
export async function directMessageChannel(client: WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error("conversations.open returned no channel");
  return channel;
}

/** A file as Slack describes it in a message event. */
export interface SlackFile {
  id?: string;
  name?: string | null;
  mimetype?: string;
  filetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
}

export type Downloaded = { ok: true; file: IncomingFile } | { ok: false; message: string };

/**
 * Downloads a shared file with the bot token (which Slack requires for url_private*).
 * The token is sent only to Slack's own hosts, or the host of a configured SLACK_API_URL.
 */
export async function downloadSlackFile(
  file: SlackFile,
  options: { token: string; apiUrl?: string; maxBytes?: number; timeoutMs?: number; t?: Translator },
): Promise<Downloaded> {
  const t = options.t ?? translator(DEFAULT_LANGUAGE);
  const maxBytes = options.maxBytes ?? DEFAULT_IMPORT_LIMITS.maxBytes;
  const name = file.name ?? `${file.id ?? "file"}.${file.filetype ?? "csv"}`;
  if (file.size !== undefined && file.size > maxBytes) return { ok: false, message: tooLargeMessage(file.size, maxBytes, t) };
  const url = file.url_private_download ?? file.url_private;
  if (!url || !tokenMayGoTo(url, options.apiUrl)) return { ok: false, message: downloadProblemText({ kind: "slackNoDownload", name }, t) };
  const body = await fetchLimited(url, { headers: { authorization: `Bearer ${options.token}` }, maxBytes, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  if (!body.ok) return { ok: false, message: refusal(body, name, maxBytes, t) };
  // Without files:read Slack answers with its sign-in page instead of the file.
  if (body.contentType.startsWith("text/html")) return { ok: false, message: downloadProblemText({ kind: "slackWebPage", name }, t) };
  return { ok: true, file: { filename: name, ...(file.mimetype ? { contentType: file.mimetype } : {}), data: body.data } };
}

function refusal(body: Exclude<LimitedBody, { ok: true }>, name: string, maxBytes: number, t: Translator): string {
  const status = body.status !== undefined ? { status: body.status } : {};
  switch (body.reason) {
    case "too_large":
      return tooLargeMessage(undefined, maxBytes, t);
    // Slack sends a token-less or scope-less download off to its sign-in page.
    case "redirect":
      return downloadProblemText({ kind: "slackRedirected", name }, t);
    default:
      return body.status !== undefined && body.status >= 500
        ? downloadProblemText({ kind: "slackLater", name, ...status }, t)
        : downloadProblemText({ kind: "slackRefused", name, ...status }, t);
  }
}

/**
 * The bot token goes only over HTTPS to Slack's own hosts; the one exception is the host of a
 * configured SLACK_API_URL (a test double or proxy), with that URL's own scheme.
 */
export function tokenMayGoTo(url: string, apiUrl: string | undefined): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const host = target.hostname;
  if (target.protocol === "https:" && (host === "slack.com" || host.endsWith(".slack.com") || host === "slack-gov.com" || host.endsWith(".slack-gov.com"))) return true;
  if (apiUrl === undefined) return false;
  const api = new URL(apiUrl);
  return api.hostname === host && (target.protocol === "https:" || target.protocol === api.protocol);
}

const IMPORT_TEXT = /^\/?lead\s+import\b/i;
const HOOKS_IMPORT_TEXT = /^\/?hooks\s+import\b/i;
const LEAD_FILE = /\.(csv|xlsx)$/i;

/**
 * The command a message with files asks for, or null: "/lead import" or "/hooks import" (also without the slash,
 * or after a mention of the bot), or, in a direct message with the app, a CSV/XLSX with no text.
 */
export function fileShareCommand(event: { text?: string; channel_type?: string; files?: SlackFile[] }, botUserId: string | undefined): string | null {
  const text = (event.text ?? "")
    .replace(botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, "g") : /^$/, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .trim();
  if (IMPORT_TEXT.test(text)) return "/lead import";
  if (HOOKS_IMPORT_TEXT.test(text)) return "/hooks import";
  const leadFiles = (event.files ?? []).some((f) => LEAD_FILE.test(f.name ?? "") || ["csv", "xlsx"].includes(f.filetype ?? ""));
  if (text === "" && event.channel_type === "im" && leadFiles) return "/lead import";
  return null;
}
