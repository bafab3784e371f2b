/**
 * A stand-in for Slack's side of the wire, for tests:
 *  - the Web API (`/api/<method>`, where SLACK_API_URL points), answering like Slack does and
 *    recording every call, with scripted answers for errors and rate limits;
 *  - response URLs (`/respond/<id>`), recording what the app posts to them;
 *  - a Socket Mode WebSocket (`/socket`, handed out by apps.connections.open), recording the
 *    app's acknowledgements as `socket.ack` calls;
 *  - file uploads as files.uploadV2 makes them: files.getUploadURLExternal hands out an upload
 *    URL served here (`/upload/<file id>`, raw or multipart bytes), files.completeUploadExternal
 *    shares the file; `uploads()` gives what was shared, bytes included;
 *  - private file downloads (`hostFile`), which need the bot token as Slack's do (without it,
 *    Slack's sign-in page, as HTML);
 *  - requests *to* the app, form-encoded (or JSON for events) and signed exactly as Slack signs them.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedCall {
  /** A Web API method (`chat.postMessage`) or `respond` for a response_url post. */
  method: string;
  path: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export const BOT = { userId: "UBOT0001", botId: "BBOT0001" };

/** A file shared through files.uploadV2, once completed. */
export interface UploadedFile {
  fileId: string;
  filename: string;
  title?: string;
  channelId?: string;
  initialComment?: string;
  data: Buffer;
}

interface PendingUpload {
  fileId: string;
  filename: string;
  length: number;
  data?: Buffer;
}

/** What users.info says about someone. */
export interface KnownUser {
  realName: string;
  /** The handle; default: the real name, lower-case, without spaces. */
  name?: string;
  tz?: string;
  /** Sent only when asked with include_locale=true, as Slack does. */
  locale?: string;
}

/** A file someone shared, as a message event describes it. */
export interface HostedFile {
  id: string;
  name: string;
  mimetype: string;
  filetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
}

function defaultAnswer(method: string, body: Record<string, unknown>, base: string): ScriptedAnswer {
  switch (method) {
    case "conversations.open":
      return { body: { ok: true, channel: { id: `D${String(body.users).replace(/^U/, "")}` } } };
    case "apps.connections.open":
      return { body: { ok: true, url: `${base.replace(/^http/, "ws")}/socket` } };
    case "auth.test":
      return { body: { ok: true, url: "https://acme.slack.com/", team: "Acme", user: "leadbot", team_id: "TAUTH", user_id: BOT.userId, bot_id: BOT.botId } };
    case "chat.postMessage":
      return { body: { ok: true, channel: body.channel, ts: `${Date.now() / 1000}`, message: { text: body.text, bot_id: BOT.botId } } };
    case "chat.postEphemeral":
      return { body: { ok: true, message_ts: `${Date.now() / 1000}` } };
    case "chat.update":
      return { body: { ok: true, channel: body.channel, ts: body.ts, text: body.text } };
    case "views.open":
      return { body: { ok: true, view: { id: `V${Date.now()}`, ...(body.view as object) } } };
    case "respond":
      return { body: "ok" };
    default:
      return { body: { ok: false, error: "unknown_method" } };
  }
}

/** users.info as Slack answers it (the fields the app may read), or user_not_found. */
function usersInfo(users: Map<string, KnownUser>, id: string, includeLocale: boolean): Record<string, unknown> {
  const known = users.get(id);
  if (!known) return { ok: false, error: "user_not_found" };
  const handle = known.name ?? known.realName.toLowerCase().replace(/\s+/g, "");
  return {
    ok: true,
    user: {
      id,
      name: handle,
      deleted: false,
      real_name: known.realName,
      ...(known.tz ? { tz: known.tz, tz_label: known.tz, tz_offset: 0 } : {}),
      ...(includeLocale && known.locale ? { locale: known.locale } : {}),
      profile: { real_name: known.realName, real_name_normalized: known.realName, display_name: handle, display_name_normalized: handle },
    },
  };
}

/** Slack's Web API clients send form fields, with objects (blocks, views) as JSON strings. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    body[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return body;
}

export interface FakeSlack {
  /** Base URL for SLACK_API_URL. */
  apiUrl: string;
  /** A fresh response_url served by this fake. */
  responseUrl(): string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** The next answers for a method, in order; afterwards it answers normally again. */
  script(method: string, ...answers: ScriptedAnswer[]): void;
  /** Resolves with the first recorded call (past or future) that matches. */
  waitFor(match: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Resolves with what was posted to a response_url, the `nth` post (from 1). */
  answerAt(responseUrl: string, nth?: number, timeoutMs?: number): Promise<RecordedCall>;
  /** Files shared through files.uploadV2 (getUploadURLExternal → upload → completeUploadExternal). */
  uploads(): UploadedFile[];
  /**
   * Serves a file for download as Slack does (bot token required); returns its description for
   * a message event. `redirectTo` answers the download with a 302 there instead; `fail` with
   * that HTTP status, or "reset" to drop the connection once the headers are out.
   */
  hostFile(data: Uint8Array, meta: { name: string; mimetype: string; redirectTo?: string; fail?: number | "reset" }): HostedFile;
  /**
   * A person users.info knows: a real name (or the whole profile). Anyone else gets
   * user_not_found, so the app falls back to the handle the request carried.
   */
  knowUser(id: string, profile: string | KnownUser): void;
  /** Sends a Socket Mode envelope to every connected app. */
  sendEnvelope(envelope: { envelope_id: string; type: string; payload: unknown; accepts_response_payload?: boolean }): void;
  /** Resolves once an app has connected over Socket Mode. */
  socketConnected(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** One WebSocket text frame from the server (servers never mask). */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65_536) {
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else if (length >= 65_536) {
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/**
 * Just enough of RFC 6455 for Socket Mode: the handshake, text frames both ways, ping/pong
 * and the closing handshake. Client frames are always masked.
 */
function acceptWebSocket(socket: Socket, key: string, onText: (text: string) => void): { sendText(text: string): void } {
  const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  socket.write(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${accept}`, "", ""].join("\r\n"));
  let pending = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) return;
      const opcode = pending[0]! & 0x0f;
      let length = pending[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        offset = 10;
      }
      if (pending.length < offset + 4 + length) return;
      const mask = pending.subarray(offset, offset + 4);
      const payload = Buffer.from(pending.subarray(offset + 4, offset + 4 + length).map((byte, i) => byte ^ mask[i % 4]!));
      pending = pending.subarray(offset + 4 + length);
      if (opcode === 0x1) onText(payload.toString("utf8"));
      else if (opcode === 0x9) socket.write(frame(0xa, payload));
      else if (opcode === 0x8) {
        socket.end(frame(0x8, payload));
        return;
      }
    }
  });
  socket.on("error", () => {});
  return { sendText: (text) => socket.write(frame(0x1, Buffer.from(text, "utf8"))) };
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const scripts = new Map<string, ScriptedAnswer[]>();
  const listeners = new Set<() => void>();

  const pending = new Map<string, PendingUpload>();
  const uploaded: UploadedFile[] = [];
  const hosted = new Map<string, { data: Buffer; mimetype: string; redirectTo?: string; fail?: number | "reset" }>();
  const users = new Map<string, KnownUser>();
  let fileSequence = 0;

  /** The upload URL takes the bytes as files.uploadV2 sends them (multipart), or raw. */
  const receiveUpload = async (fileId: string, raw: Buffer, contentType: string | undefined): Promise<ScriptedAnswer> => {
    const upload = pending.get(fileId);
    if (!upload) return { status: 404, body: "unknown upload" };
    let data = raw;
    if (contentType?.startsWith("multipart/form-data")) {
      const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
      const file = [...form.values()].find((v): v is File => typeof v !== "string");
      if (!file) return { status: 400, body: "no file in the form" };
      data = Buffer.from(await file.arrayBuffer());
    }
    upload.data = data;
    return { body: `OK - ${data.length}` };
  };

  const fileAnswer = (method: string, body: Record<string, unknown>): ScriptedAnswer | undefined => {
    if (method === "files.getUploadURLExternal") {
      if (!body.filename || !body.length) return { body: { ok: false, error: "invalid_arguments" } };
      const fileId = `F${String(++fileSequence).padStart(8, "0")}`;
      pending.set(fileId, { fileId, filename: String(body.filename), length: Number(body.length) });
      return { body: { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId } };
    }
    if (method === "files.completeUploadExternal") {
      const files = (typeof body.files === "string" ? JSON.parse(body.files) : body.files) as Array<{ id: string; title?: string }>;
      for (const f of files) {
        const upload = pending.get(f.id);
        // Slack refuses to complete a file whose bytes never arrived, or arrived short.
        if (!upload?.data || upload.data.length !== upload.length) return { body: { ok: false, error: "file_upload_size_mismatch" } };
      }
      for (const f of files) {
        const upload = pending.get(f.id)!;
        pending.delete(f.id);
        uploaded.push({
          fileId: f.id,
          filename: upload.filename,
          data: upload.data!,
          ...(f.title ? { title: f.title } : {}),
          ...(body.channel_id ? { channelId: String(body.channel_id) } : {}),
          ...(body.initial_comment ? { initialComment: String(body.initial_comment) } : {}),
        });
      }
      return { body: { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) } };
    }
    if (method === "users.info") return { body: usersInfo(users, String(body.user), body.include_locale === true || body.include_locale === "true") };
    return undefined;
  };

  const download = (path: string, authorization: string | undefined): { status: number; type: string; body: Buffer; location?: string; reset?: true } => {
    const file = hosted.get(path);
    if (!file) return { status: 404, type: "text/plain", body: Buffer.from("not found") };
    if (file.redirectTo) return { status: 302, type: "text/plain", body: Buffer.from("Found"), location: file.redirectTo };
    if (file.fail === "reset") return { status: 200, type: file.mimetype, body: file.data, reset: true };
    if (file.fail) return { status: file.fail, type: "text/plain", body: Buffer.from("Internal Server Error") };
    // Without a token Slack redirects to its sign-in page; the page is what arrives.
    if (!/^Bearer xoxb-/.test(authorization ?? "")) return { status: 200, type: "text/html; charset=utf-8", body: Buffer.from("<!DOCTYPE html><title>Sign in</title>") };
    return { status: 200, type: file.mimetype, body: file.data };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const path = new URL(req.url ?? "/", "http://fake").pathname;
      if (path.startsWith("/upload/")) {
        const raw = Buffer.concat(chunks);
        calls.push({ method: "file.upload", path, body: { bytes: raw.length }, headers: req.headers, at: Date.now() });
        const answer = await receiveUpload(path.slice("/upload/".length), raw, req.headers["content-type"]);
        for (const listener of listeners) listener();
        res.writeHead(answer.status ?? 200, { "content-type": "text/plain" });
        return void res.end(String(answer.body));
      }
      if (path.startsWith("/files-pri/")) {
        calls.push({ method: "file.download", path, body: {}, headers: req.headers, at: Date.now() });
        for (const listener of listeners) listener();
        const file = download(path, req.headers.authorization);
        res.writeHead(file.status, { "content-type": file.type, ...(file.location ? { location: file.location } : {}) });
        if (file.reset) {
          // Headers out, then the connection drops mid-body.
          res.write(file.body.subarray(0, 1));
          return void setTimeout(() => req.socket.destroy(), 20);
        }
        return void res.end(file.body);
      }
      const method = path.startsWith("/api/") ? path.slice("/api/".length) : path.startsWith("/respond/") ? "respond" : path;
      const body = parseBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"]);
      calls.push({ method, path, body, headers: req.headers, at: Date.now() });
      for (const listener of listeners) listener();
      const answer = scripts.get(method)?.shift() ?? fileAnswer(method, body) ?? defaultAnswer(method, body, base);
      // Answering may have recorded something (a completed upload) that a waiter looks for.
      for (const listener of listeners) listener();
      const json = typeof answer.body !== "string";
      res.writeHead(answer.status ?? 200, { "content-type": json ? "application/json" : "text/plain", ...answer.headers });
      res.end(json ? JSON.stringify(answer.body) : answer.body);
    });
  });
  const sockets = new Set<{ sendText(text: string): void }>();
  const rawSockets = new Set<Socket>();
  server.on("upgrade", (req, socket: Socket) => {
    rawSockets.add(socket);
    const connection = acceptWebSocket(socket, String(req.headers["sec-websocket-key"]), (text) => {
      calls.push({ method: "socket.ack", path: "/socket", body: JSON.parse(text) as Record<string, unknown>, headers: {}, at: Date.now() });
      for (const listener of listeners) listener();
    });
    sockets.add(connection);
    socket.on("close", () => sockets.delete(connection));
    // Slack greets a new connection; the client counts as connected only after this.
    connection.sendText(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0LEADBOT" } }));
    calls.push({ method: "socket.connected", path: "/socket", body: {}, headers: req.headers, at: Date.now() });
    for (const listener of listeners) listener();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const waitFor: FakeSlack["waitFor"] = (match, timeoutMs = 5000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = calls.find(match);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching Slack call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(", ")}`));
      }, timeoutMs);
      const listener = () => void check();
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      listeners.add(listener);
      check();
    });

  return {
    apiUrl: `${base}/api/`,
    responseUrl: () => `${base}/respond/${randomUUID()}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    script(method, ...answers) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...answers]);
    },
    waitFor,
    answerAt(responseUrl, nth = 1, timeoutMs = 5000) {
      const path = new URL(responseUrl).pathname;
      return waitFor(() => calls.filter((c) => c.path === path).length >= nth, timeoutMs).then(
        () => calls.filter((c) => c.path === path)[nth - 1]!,
      );
    },
    uploads: () => [...uploaded],
    hostFile(data, meta) {
      const id = `F${String(++fileSequence).padStart(8, "0")}`;
      const path = `/files-pri/TFAKE-${id}/download/${encodeURIComponent(meta.name)}`;
      hosted.set(path, { data: Buffer.from(data), mimetype: meta.mimetype, ...(meta.redirectTo ? { redirectTo: meta.redirectTo } : {}), ...(meta.fail ? { fail: meta.fail } : {}) });
      const filetype = meta.name.split(".").pop() ?? "binary";
      return { id, name: meta.name, mimetype: meta.mimetype, filetype, size: data.length, url_private: `${base}${path}`, url_private_download: `${base}${path}` };
    },
    knowUser: (id, profile) => void users.set(id, typeof profile === "string" ? { realName: profile } : profile),
    sendEnvelope(envelope) {
      for (const socket of sockets) socket.sendText(JSON.stringify(envelope));
    },
    socketConnected: (timeoutMs = 5000) => waitFor((c) => c.method === "socket.connected", timeoutMs).then(() => undefined),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        for (const socket of rawSockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---- requests to the app, as Slack sends them ---------------------------------------------

/** Slack's request signature: v0= + HMAC-SHA256(signing secret, `v0:${timestamp}:${raw body}`). */
export function sign(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export interface SentRequest {
  status: number;
  body: string;
  /** How long the app took to answer (its acknowledgement). */
  ms: number;
}

/** POSTs a form-encoded body to the app's /slack/events, signed (or mis-signed) like Slack. */
export async function sendToApp(
  port: number,
  rawBody: string,
  options: { secret: string; timestamp?: number; signature?: string },
): Promise<SentRequest> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": options.signature ?? sign(options.secret, timestamp, rawBody),
    },
    body: rawBody,
  });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

/**
 * Types a slash command as `user` in `channel` (signed like Slack) and waits for the app's
 * answer on the command's response_url.
 */
export async function typeSlashCommand(
  fake: FakeSlack,
  app: { port: number; secret: string },
  message: { user: SlackUser; channel: string; line: string },
  timeoutMs = 20_000,
): Promise<{ text: string; response_type?: string }> {
  const [, command, text] = /^(\/\S+)\s*([\s\S]*)$/.exec(message.line) ?? [];
  if (!command) throw new Error(`not a slash command: ${message.line}`);
  const responseUrl = fake.responseUrl();
  const body = slashCommandBody({ user: message.user, command, text: text ?? "", channel: message.channel, responseUrl, triggerId: `${Date.now()}.trigger` });
  const sent = await sendToApp(app.port, body, { secret: app.secret });
  if (sent.status !== 200) throw new Error(`the app answered ${sent.status} to ${message.line}`);
  return (await fake.answerAt(responseUrl, 1, timeoutMs)).body as { text: string; response_type?: string };
}

export interface SlackTeam {
  id: string;
  domain: string;
}
export interface SlackUser {
  id: string;
  name: string;
  team: SlackTeam;
}

let sequence = 0;
/** A workspace of its own per test, so tests share a database but never data. */
export function newWorkspace(): SlackTeam {
  sequence += 1;
  return { id: `T${sequence}${randomUUID().slice(0, 6).toUpperCase()}`, domain: `workspace-${sequence}` };
}
export function slackUser(team: SlackTeam, name: string): SlackUser {
  return { id: `U${name.toUpperCase()}${team.id.slice(1, 5)}`, name, team };
}

/** A slash command body, as Slack posts it. */
export function slashCommandBody(p: { user: SlackUser; command: string; text: string; channel: string; responseUrl: string; triggerId: string }): string {
  return new URLSearchParams({
    token: "legacy-verification-token",
    team_id: p.user.team.id,
    team_domain: p.user.team.domain,
    channel_id: p.channel,
    channel_name: "sales",
    user_id: p.user.id,
    user_name: p.user.name,
    command: p.command,
    text: p.text,
    api_app_id: "A0LEADBOT",
    is_enterprise_install: "false",
    response_url: p.responseUrl,
    trigger_id: p.triggerId,
  }).toString();
}

/** A button click (block_actions) on a message, as Slack posts it. */
export function blockActionBody(p: {
  user: SlackUser;
  button: { action_id: string; value: string; text?: string };
  channel: string;
  responseUrl: string;
  triggerId: string;
  ephemeral: boolean;
}): string {
  const payload = {
    type: "block_actions",
    user: { id: p.user.id, username: p.user.name, name: p.user.name, team_id: p.user.team.id },
    api_app_id: "A0LEADBOT",
    token: "legacy-verification-token",
    container: { type: "message", message_ts: "1700000000.000100", channel_id: p.channel, is_ephemeral: p.ephemeral },
    trigger_id: p.triggerId,
    team: { id: p.user.team.id, domain: p.user.team.domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: p.channel, name: "sales" },
    ...(p.ephemeral ? {} : { message: { type: "message", ts: "1700000000.000100", text: "alert" } }),
    response_url: p.responseUrl,
    actions: [
      {
        type: "button",
        action_id: p.button.action_id,
        block_id: "b1",
        text: { type: "plain_text", text: p.button.text ?? "Button", emoji: true },
        value: p.button.value,
        action_ts: "1700000001.000200",
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A modal submission (view_submission), as Slack posts it. */
export function viewSubmissionBody(p: {
  user: SlackUser;
  view: { callback_id: string; private_metadata: string; blocks?: unknown[] };
  values: Record<string, Record<string, unknown>>;
  triggerId: string;
}): string {
  const payload = {
    type: "view_submission",
    team: { id: p.user.team.id, domain: p.user.team.domain },
    user: { id: p.user.id, username: p.user.name, name: p.user.name, team_id: p.user.team.id },
    api_app_id: "A0LEADBOT",
    token: "legacy-verification-token",
    trigger_id: p.triggerId,
    view: {
      id: "V0MODAL",
      team_id: p.user.team.id,
      type: "modal",
      callback_id: p.view.callback_id,
      private_metadata: p.view.private_metadata,
      blocks: p.view.blocks ?? [],
      state: { values: p.values },
      hash: "1700000000.abc",
      title: { type: "plain_text", text: "Form" },
      root_view_id: "V0MODAL",
      previous_view_id: null,
      app_id: "A0LEADBOT",
      bot_id: BOT.botId,
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API callback wrapping `event`, as Slack posts it (HTTP) or sends it in an events_api envelope (Socket Mode). */
export function eventCallback(event: Record<string, unknown>, teamId: string): Record<string, unknown> {
  return {
    token: "legacy-verification-token",
    team_id: teamId,
    api_app_id: "A0LEADBOT",
    event,
    type: "event_callback",
    event_id: `Ev${randomUUID().slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, user_id: BOT.userId, is_bot: true, is_enterprise_install: false }],
  };
}

/** POSTs an Events API callback (JSON) to the app's /slack/events, signed like Slack. */
export async function sendEventToApp(port: number, event: Record<string, unknown>, options: { secret: string; teamId: string }): Promise<SentRequest> {
  return sendJsonToApp(port, eventCallback(event, options.teamId), options);
}

/** POSTs any JSON body (an event callback, a url_verification) to the app's /slack/events, signed like Slack. */
export async function sendJsonToApp(port: number, body: Record<string, unknown>, options: { secret: string }): Promise<SentRequest> {
  const rawBody = JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": sign(options.secret, timestamp, rawBody) },
    body: rawBody,
  });
  return { status: response.status, body: await response.text(), ms: performance.now() - started };
}

/** A message with shared files (subtype file_share), as the Events API delivers it. */
export function fileShareEvent(p: { user: SlackUser; channel: string; channelType: "im" | "channel" | "group"; text: string; files: HostedFile[] }): Record<string, unknown> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++sequence).padStart(6, "0")}`;
  return {
    type: "message",
    subtype: "file_share",
    text: p.text,
    files: p.files,
    upload: true,
    user: p.user.id,
    display_as_bot: false,
    ts,
    event_ts: ts,
    channel: p.channel,
    channel_type: p.channelType,
  };
}

/** A user_change event (a profile edit, or a deactivation with `deleted: true`), as the Events API delivers it. */
export function userChangeEvent(user: SlackUser, change: { deleted: boolean; realName?: string }): Record<string, unknown> {
  const realName = change.realName ?? user.name;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++sequence).padStart(6, "0")}`;
  return {
    type: "user_change",
    user: {
      id: user.id,
      team_id: user.team.id,
      name: user.name,
      deleted: change.deleted,
      real_name: realName,
      tz: "Europe/Kyiv",
      tz_label: "Eastern European Summer Time",
      tz_offset: 10_800,
      profile: { real_name: realName, real_name_normalized: realName, display_name: user.name, display_name_normalized: user.name, team: user.team.id },
      is_admin: false,
      is_bot: false,
      updated: Math.floor(Date.now() / 1000),
    },
    cache_ts: Math.floor(Date.now() / 1000),
    event_ts: ts,
  };
}
