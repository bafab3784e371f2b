/**
 * Files on Telegram: attachments a reply carries go out as a photo (images) or a document
 * (anything else); documents people send are fetched through getFile and the file URL.
 */
import { open } from "node:fs/promises";
import type { Telegram } from "telegraf";
import type { Document } from "telegraf/types";
import type { Attachment, IncomingFile } from "../../chat/reply.js";
import { DEFAULT_IMPORT_LIMITS } from "../../services/lead-file.js";
import { DEFAULT_LANGUAGE, translator, type Translator } from "../../i18n/index.js";
import { tooLargeMessage } from "../../views/lead-file.view.js";
import { downloadProblemText } from "../../views/platform.view.js";
import { fetchLimited } from "../file-download.js";

/** Telegram's limit for a photo or document caption. */
const CAPTION_LIMIT = 1024;
/** Bots may download files of at most 20 MB through the Bot API. */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1_048_576;

/** Sends one attachment; returns the message id. The caption is plain text, so it needs no escaping. */
export async function sendAttachment(telegram: Telegram, chatId: number | string, attachment: Attachment, options: { replyTo?: number } = {}): Promise<number> {
  const file = { source: Buffer.from(attachment.data), filename: attachment.filename };
  const extra = {
    ...(attachment.title ? { caption: attachment.title.length > CAPTION_LIMIT ? `${attachment.title.slice(0, CAPTION_LIMIT - 1)}…` : attachment.title } : {}),
    ...(options.replyTo ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
  };
  const sent = attachment.contentType.startsWith("image/") ? await telegram.sendPhoto(chatId, file, extra) : await telegram.sendDocument(chatId, file, extra);
  return sent.message_id;
}

export type Downloaded = { ok: true; file: IncomingFile } | { ok: false; message: string };

/** Fetches a document someone sent, refusing (before downloading) anything over `maxBytes`; a failure in the reader's words (`t`). */
export async function downloadDocument(telegram: Telegram, document: Document, maxBytes = DEFAULT_IMPORT_LIMITS.maxBytes, t: Translator = translator(DEFAULT_LANGUAGE)): Promise<Downloaded> {
  const limit = Math.min(maxBytes, TELEGRAM_DOWNLOAD_LIMIT);
  const name = document.file_name ?? "file";
  if (document.file_size !== undefined && document.file_size > limit) return { ok: false, message: tooLargeMessage(document.file_size, limit, t) };
  const link = await telegram.getFileLink(document.file_id);
  let data: Uint8Array;
  if (link.protocol === "file:") {
    // A self-hosted Bot API server in --local mode answers with a path on its own disk, which
    // telegraf turns into file://<API host>/<path>. fileURLToPath refuses any host but
    // localhost, so the path is read off the URL (the server shares its disk with us).
    const path = decodeURIComponent(link.pathname);
    const file = await open(path, "r");
    try {
      if ((await file.stat()).size > limit) return { ok: false, message: tooLargeMessage(undefined, limit, t) };
      data = new Uint8Array(await file.readFile());
    } finally {
      await file.close();
    }
  } else {
    const body = await fetchLimited(link, { maxBytes: limit });
    if (!body.ok) {
      return { ok: false, message: body.reason === "too_large" ? tooLargeMessage(undefined, limit, t) : downloadProblemText({ kind: "telegramFailed", name, ...(body.status !== undefined ? { status: body.status } : {}) }, t) };
    }
    data = body.data;
  }
  return { ok: true, file: { filename: name, ...(document.mime_type ? { contentType: document.mime_type } : {}), data } };
}

/** A CSV or XLSX by its name or type: sent to the bot in a private chat, it means "import this". */
export function isLeadFile(document: Document): boolean {
  const name = (document.file_name ?? "").toLowerCase();
  const type = (document.mime_type ?? "").toLowerCase();
  return /\.(csv|xlsx)$/.test(name) || type === "text/csv" || type === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
