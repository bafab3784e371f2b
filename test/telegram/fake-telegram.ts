/**
 * A stand-in for Telegram's Bot API, for tests (TELEGRAM_API_ROOT points here):
 *  - `/bot<token>/<method>` answering like Telegram does, recording every call, with scripted
 *    answers for errors, rate limits and dropped connections;
 *  - getUpdates long polling over updates the test pushes, with Telegram's offset semantics
 *    (a poll with offset N confirms every update below N);
 *  - Telegram's own checks on what the bot sends: HTML must parse (known tags, balanced,
 *    `&`, `<`, `>` escaped), text at most 4096 characters after parsing, callback data at
 *    most 64 bytes. A bot that breaks them gets the 400 Telegram would send;
 *  - files both ways: sendDocument / sendPhoto as multipart/form-data uploads (recorded with
 *    their bytes, see `filesSentTo`), and documents people send (`hostDocument`), served
 *    through getFile and `/file/bot<token>/<file_path>` as the Bot API serves them.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const TOKEN = "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz";
export const BOT_USER = { id: 999000111, is_bot: true, first_name: "Lead Bot", username: "LeadTestBot" };

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

/** A file the bot sent (sendDocument, sendPhoto). */
export interface SentFile {
  method: "sendDocument" | "sendPhoto";
  chatId: number;
  messageId: number;
  filename: string;
  contentType: string;
  caption?: string;
  data: Buffer;
}

/** A document as a message from a person carries it. */
export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name: string;
  mime_type: string;
  file_size: number;
}

export type ScriptedAnswer = { status: number; body: unknown } | { network: true };

/** A message the bot sent, as it currently reads (after edits). */
export interface BotMessage {
  message_id: number;
  chat: { id: number; type: string; title?: string; first_name?: string };
  from: typeof BOT_USER;
  date: number;
  text: string;
  html: string;
  reply_markup?: { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>>; force_reply?: boolean };
}

export interface FakeTelegram {
  apiRoot: string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** The next answers for a method, in order; afterwards it answers normally again. */
  script(method: string, ...answers: ScriptedAnswer[]): void;
  /** Queues an update for getUpdates; returns its update_id. */
  push(update: Record<string, unknown>): number;
  /** Resolves once the bot polled past `updateId`, i.e. finished handling it. */
  processed(updateId: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the first recorded call (past or future) that matches. */
  waitFor(match: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  message(chatId: number, messageId: number): BotMessage | undefined;
  /** Messages the bot sent to a chat, oldest first. */
  messagesIn(chatId: number): BotMessage[];
  /** Registers a chat so the fake can describe it in what it returns (pushing updates does this too). */
  knowChat(chat: BotMessage["chat"]): void;
  /** Files the bot sent to a chat, oldest first. */
  filesSentTo(chatId: number): SentFile[];
  /**
   * Stores a file as if a person had uploaded it; returns the document for a message. With
   * `localPath`, getFile answers as a self-hosted Bot API server in --local mode does: with that
   * absolute path on its disk (the file is not served over HTTP then).
   */
  hostDocument(data: Uint8Array, meta: { file_name: string; mime_type: string; localPath?: string }): TgDocument;
  close(): Promise<void>;
}

const ALLOWED_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote", "tg-emoji"]);
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Parses Telegram HTML the way the Bot API does; returns the visible text, or the error Telegram gives. */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  let text = "";
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === "<") {
      const tag = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"]*")*)\s*>/.exec(html.slice(i));
      if (!tag || !ALLOWED_TAGS.has(tag[2]!)) return { error: `Bad Request: can't parse entities: Unsupported start tag at byte offset ${i}` };
      if (tag[1]) {
        if (open.pop() !== tag[2]) return { error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${i}` };
      } else {
        open.push(tag[2]!);
      }
      i += tag[0].length;
    } else if (ch === "&") {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(html.slice(i));
      if (!entity) return { error: `Bad Request: can't parse entities: Character '&' is reserved at byte offset ${i}` };
      const name = entity[1]!;
      text += ENTITIES[name] ?? String.fromCodePoint(name.startsWith("#x") ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      i += entity[0].length;
    } else if (ch === ">") {
      return { error: `Bad Request: can't parse entities: Character '>' is reserved at byte offset ${i}` };
    } else {
      text += ch;
      i += 1;
    }
  }
  if (open.length > 0) return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open.pop()}"` };
  return { text };
}

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const calls: RecordedCall[] = [];
  const scripts = new Map<string, ScriptedAnswer[]>();
  const listeners = new Set<() => void>();
  const updates: Array<Record<string, unknown> & { update_id: number }> = [];
  const messages = new Map<string, BotMessage>();
  const chats = new Map<number, BotMessage["chat"]>();
  let polls: Array<{ res: ServerResponse; timer: NodeJS.Timeout; limit: number }> = [];
  let confirmed = 0;
  let nextUpdateId = 1;
  let nextMessageId = 5000;
  const sentFiles: SentFile[] = [];
  const hostedFiles = new Map<string, { path: string; data: Buffer }>();
  let nextFileId = 1;
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });
  const bad = (description: string) => ({ status: 400, body: { ok: false, error_code: 400, description } });
  /** A chat the fake has not seen. A positive id is a person: a bot may not write first to someone who never started it. */
  const unknownChat = (chatId: number) =>
    chatId > 0 ? { status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" } } : bad("Bad Request: chat not found");

  const checkText = (html: unknown, markup: unknown): { text: string } | { status: number; body: unknown } => {
    if (typeof html !== "string" || html.length === 0) return bad("Bad Request: message text is empty");
    const parsed = parseTelegramHtml(html);
    if ("error" in parsed) return bad(parsed.error);
    if (parsed.text.length > 4096) return bad("Bad Request: message is too long");
    const keyboard = (markup as BotMessage["reply_markup"])?.inline_keyboard ?? [];
    for (const button of keyboard.flat()) {
      const data = button.callback_data ?? "";
      if (Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64) return bad("Bad Request: BUTTON_DATA_INVALID");
    }
    return parsed;
  };

  function answer(method: string, body: Record<string, unknown>, files: Record<string, File> = {}): { status: number; body: unknown } {
    switch (method) {
      case "sendDocument":
      case "sendPhoto": {
        const field = method === "sendDocument" ? "document" : "photo";
        const file = files[field];
        if (!file) return bad(`Bad Request: there is no ${field} in the request`);
        const chatId = Number(body.chat_id);
        const chat = chats.get(chatId);
        if (!chat) return unknownChat(chatId);
        const caption = typeof body.caption === "string" ? body.caption : undefined;
        if (caption && caption.length > 1024) return bad("Bad Request: message caption is too long");
        const messageId = nextMessageId++;
        const data = (file as File & { bytes: Buffer }).bytes;
        sentFiles.push({ method, chatId, messageId, filename: file.name, contentType: file.type, data, ...(caption ? { caption } : {}) });
        const media =
          method === "sendDocument"
            ? { document: { file_id: `D${messageId}`, file_unique_id: `U${messageId}`, file_name: file.name, mime_type: file.type, file_size: data.length } }
            : { photo: [{ file_id: `P${messageId}`, file_unique_id: `U${messageId}`, width: 800, height: 600, file_size: data.length }] };
        return ok({ message_id: messageId, chat, from: BOT_USER, date: Math.floor(Date.now() / 1000), ...(caption ? { caption } : {}), ...media });
      }
      case "getFile": {
        const hosted = hostedFiles.get(String(body.file_id));
        if (!hosted) return bad("Bad Request: invalid file_id");
        return ok({ file_id: body.file_id, file_unique_id: `U${String(body.file_id)}`, file_size: hosted.data.length, file_path: hosted.path });
      }
      case "getMe":
        return ok(BOT_USER);
      case "sendChatAction": {
        // Refused exactly as a message would be: a person who never started the bot, an unknown chat.
        const chatId = Number(body.chat_id);
        return chats.has(chatId) ? ok(true) : unknownChat(chatId);
      }
      case "setMyCommands":
      case "setWebhook":
      case "deleteWebhook":
      case "answerCallbackQuery":
        return ok(true);
      case "sendMessage": {
        const checked = checkText(body.text, body.reply_markup);
        if (!("text" in checked)) return checked;
        const chatId = Number(body.chat_id);
        const chat = chats.get(chatId);
        if (!chat) return unknownChat(chatId);
        const message: BotMessage = {
          message_id: nextMessageId++,
          chat,
          from: BOT_USER,
          date: Math.floor(Date.now() / 1000),
          text: checked.text,
          html: body.text as string,
          ...(body.reply_markup ? { reply_markup: body.reply_markup as BotMessage["reply_markup"] } : {}),
        };
        messages.set(`${chatId}:${message.message_id}`, message);
        return ok(message);
      }
      case "editMessageText": {
        const key = `${Number(body.chat_id)}:${Number(body.message_id)}`;
        const message = messages.get(key);
        if (!message) return bad("Bad Request: message to edit not found");
        const checked = checkText(body.text, body.reply_markup);
        if (!("text" in checked)) return checked;
        if (message.html === body.text && JSON.stringify(message.reply_markup) === JSON.stringify(body.reply_markup)) {
          return bad("Bad Request: message is not modified: specified new message content and reply markup are exactly the same");
        }
        const edited: BotMessage = { ...message, text: checked.text, html: body.text as string };
        if (body.reply_markup) edited.reply_markup = body.reply_markup as BotMessage["reply_markup"];
        else delete edited.reply_markup;
        messages.set(key, edited);
        return ok(edited);
      }
      case "editMessageReplyMarkup": {
        const key = `${Number(body.chat_id)}:${Number(body.message_id)}`;
        const message = messages.get(key);
        if (!message) return bad("Bad Request: message to edit not found");
        const edited: BotMessage = { ...message };
        if (body.reply_markup) edited.reply_markup = body.reply_markup as BotMessage["reply_markup"];
        else delete edited.reply_markup;
        messages.set(key, edited);
        return ok(edited);
      }
      default:
        return { status: 404, body: { ok: false, error_code: 404, description: "Not Found: method not found" } };
    }
  }

  const respond = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const flushPolls = () => {
    const pending = updates.filter((u) => u.update_id >= confirmed);
    if (pending.length === 0) return;
    for (const poll of polls) {
      clearTimeout(poll.timer);
      respond(poll.res, 200, { ok: true, result: pending.slice(0, poll.limit) });
    }
    polls = [];
  };

  function getUpdates(body: Record<string, unknown>, res: ServerResponse) {
    const offset = Number(body.offset ?? 0);
    if (offset > confirmed) {
      confirmed = offset;
      // Confirmed updates are gone for good, as in Telegram.
      for (let i = updates.length - 1; i >= 0; i -= 1) if (updates[i]!.update_id < offset) updates.splice(i, 1);
    }
    const limit = Number(body.limit ?? 100);
    const pending = updates.filter((u) => u.update_id >= confirmed);
    const timeout = Number(body.timeout ?? 0);
    if (pending.length > 0 || timeout === 0) return respond(res, 200, { ok: true, result: pending.slice(0, limit) });
    const poll = { res, limit, timer: setTimeout(() => finish([]), timeout * 1000) };
    function finish(result: unknown[]) {
      polls = polls.filter((p) => p !== poll);
      clearTimeout(poll.timer);
      if (!res.writableEnded) respond(res, 200, { ok: true, result });
    }
    res.on("close", () => {
      polls = polls.filter((p) => p !== poll);
      clearTimeout(poll.timer);
    });
    polls.push(poll);
  }

  /** JSON, or multipart/form-data when the bot uploads a file (its fields as text, its files apart). */
  const readBody = async (raw: Buffer, contentType: string | undefined): Promise<{ body: Record<string, unknown>; files: Record<string, File> }> => {
    if (!contentType?.startsWith("multipart/form-data")) return { body: raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {}, files: {} };
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
    const body: Record<string, unknown> = {};
    const files: Record<string, File> = {};
    for (const [key, value] of form.entries()) {
      if (typeof value === "string") body[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
      else files[key] = Object.assign(value, { bytes: Buffer.from(await value.arrayBuffer()) });
    }
    return { body, files };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? "");
      if (download) {
        const hosted = [...hostedFiles.values()].find((f) => f.path === decodeURIComponent(download[2]!));
        calls.push({ method: "file.download", body: { path: download[2] }, at: Date.now() });
        notify();
        if (download[1] !== TOKEN || !hosted) return respond(res, 404, { ok: false, error_code: 404, description: "Not Found" });
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(hosted.data.length) });
        return void res.end(hosted.data);
      }
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
      if (!match) return respond(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      if (match[1] !== TOKEN) return respond(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      const method = match[2]!;
      const { body, files } = await readBody(Buffer.concat(chunks), req.headers["content-type"]);
      calls.push({ method, body, at: Date.now() });
      notify();
      const scripted = scripts.get(method)?.shift();
      if (scripted) {
        if ("network" in scripted) return void req.socket.destroy();
        return respond(res, scripted.status, scripted.body);
      }
      if (method === "getUpdates") return getUpdates(body, res);
      const { status, body: out } = answer(method, body, files);
      respond(res, status, out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor = (match: (call: RecordedCall) => boolean, timeoutMs = 5000) =>
    new Promise<RecordedCall>((resolve, reject) => {
      const check = () => {
        const found = calls.find(match);
        if (!found) return false;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error("waitFor: no matching Bot API call"));
      }, timeoutMs);
      if (!check()) listeners.add(check);
    });

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    script(method, ...answers) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...answers]);
    },
    push(update) {
      const update_id = nextUpdateId++;
      const full = { update_id, ...update };
      for (const chat of chatsIn(full)) chats.set(chat.id, chat);
      updates.push(full);
      flushPolls();
      return update_id;
    },
    async processed(updateId, timeoutMs = 10_000) {
      await waitFor((c) => c.method === "getUpdates" && Number(c.body.offset ?? 0) > updateId, timeoutMs);
    },
    waitFor,
    message: (chatId, messageId) => messages.get(`${chatId}:${messageId}`),
    messagesIn: (chatId) => [...messages.values()].filter((m) => m.chat.id === chatId).sort((a, b) => a.message_id - b.message_id),
    knowChat: (chat) => void chats.set(chat.id, chat),
    filesSentTo: (chatId) => sentFiles.filter((f) => f.chatId === chatId),
    hostDocument(data, meta) {
      const id = `DOC${nextFileId++}`;
      hostedFiles.set(id, { path: meta.localPath ?? `documents/file_${id}${meta.file_name.slice(meta.file_name.lastIndexOf("."))}`, data: Buffer.from(data) });
      return { file_id: id, file_unique_id: `U${id}`, file_name: meta.file_name, mime_type: meta.mime_type, file_size: data.length };
    },
    async close() {
      for (const poll of polls) {
        clearTimeout(poll.timer);
        poll.res.destroy();
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function chatsIn(update: Record<string, unknown>): Array<BotMessage["chat"]> {
  const message = (update.message ?? (update.callback_query as { message?: unknown } | undefined)?.message ?? update.chat_member ?? update.my_chat_member) as
    | { chat?: BotMessage["chat"] }
    | undefined;
  return message?.chat ? [message.chat] : [];
}
