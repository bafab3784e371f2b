/**
 * The Segment-compatible tracking API: POST /v1/batch (and /v1/import, its other name),
 * /v1/track, /v1/identify, /v1/page, /v1/screen, /v1/group and /v1/alias, in the format of
 * Segment's HTTP Tracking API, so Segment and RudderStack sources and their libraries can send
 * to the bot as they are.
 *
 * - The write key is one of the team's API keys: HTTP Basic with the key as the user name and
 *   an empty password (what the libraries send), `writeKey` in the body, or a Bearer header.
 * - Bodies may be gzip-compressed (`Content-Encoding: gzip`, what RudderStack's library sends)
 *   and are read as JSON whatever their declared type (browsers send text/plain).
 * - Answers: 200 `{ "success": true, … }` with a result per message; 400 for a body the
 *   libraries must not send again (they drop it), 401, 413, 429 with Retry-After and 5xx, which
 *   they retry.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { Logger } from "pino";
import { ApiKeyAuthenticator, type AuthenticatedKey } from "../services/api-key.service.js";
import type { ServiceDeps } from "../services/deps.js";
import { MAX_BATCH_ITEMS, type BatchResult } from "../services/ingest.service.js";
import { ingestTracking, type MessageType, type TrackingCaller } from "../services/tracking.service.js";
import { readRawBody } from "./body.js";
import type { HttpConfig } from "./http.config.js";
import { sendJson, type Send } from "./ingest.routes.js";
import { isPublicKey, type PublicKeyGate } from "./public-key.js";
import type { KeyRateLimit } from "./rate-limit.js";

/** Each path, and the type of the one message it takes ("batch": a `batch` array of them). */
export const TRACKING_PATHS: Record<string, MessageType | "batch"> = {
  "/v1/batch": "batch",
  "/v1/import": "batch",
  "/v1/track": "track",
  "/v1/identify": "identify",
  "/v1/page": "page",
  "/v1/screen": "screen",
  "/v1/group": "group",
  "/v1/alias": "alias",
};

const gunzipAsync = promisify(gunzip);

/** Errors keep the events API's `error`/`message` and add Segment's `success: false`. */
const failure = (error: string, message: string) => ({ success: false, error, message });

type BodyRead = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; error: string; message: string };

/** Reads a JSON body, gunzipping it when it says so; compressed or not, it may hold at most `limit` bytes. */
export async function readTrackingBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase().trim();
  if (encoding !== "identity" && encoding !== "gzip") {
    req.resume();
    return { ok: false, status: 415, error: "unsupported_encoding", message: "Send the body as it is or gzip-compressed (Content-Encoding: gzip)." };
  }
  const raw = await readRawBody(req, limit);
  if (!raw.ok) return raw;
  let bytes = raw.value;
  if (encoding === "gzip") {
    try {
      // The unpacked size is bounded as well, so a small bomb cannot fill the memory.
      bytes = await gunzipAsync(bytes, { maxOutputLength: limit });
    } catch (error) {
      const tooLarge = error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      return tooLarge
        ? { ok: false, status: 413, error: "payload_too_large", message: `The body unpacks to more than ${limit} bytes.` }
        : { ok: false, status: 400, error: "invalid_gzip", message: "The body says it is gzip but could not be unpacked." };
    }
  }
  const text = bytes.toString("utf8");
  if (text.trim() === "") return { ok: false, status: 400, error: "invalid_json", message: "The body is empty; send a JSON object." };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : "unreadable";
    return { ok: false, status: 400, error: "invalid_json", message: `The body is not valid JSON: ${detail}` };
  }
}

/** The write key of a request: Basic (key as user name), Bearer, or `writeKey` in the body. */
export function writeKeyOf(req: IncomingMessage, body: unknown): string | null {
  const header = req.headers.authorization ?? "";
  const basic = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const user = decoded.split(":")[0] ?? "";
    return user || null;
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1]!;
  if (typeof body === "object" && body !== null && typeof (body as { writeKey?: unknown }).writeKey === "string") return (body as { writeKey: string }).writeKey;
  return null;
}

type Shaped = { ok: true; request: { messages: unknown[]; sentAt?: unknown; context?: unknown }; single: boolean } | { ok: false; message: string };

function shape(body: unknown, kind: MessageType | "batch"): Shaped {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { ok: false, message: kind === "batch" ? 'Send { "batch": [ … ] }.' : "Send one message as a JSON object." };
  const record = body as Record<string, unknown>;
  if (kind === "batch") {
    if (!Array.isArray(record.batch)) return { ok: false, message: '"batch" must be an array of messages.' };
    return { ok: true, request: { messages: record.batch, sentAt: record.sentAt, context: record.context }, single: false };
  }
  // The path says what the message is.
  const { writeKey: _key, ...message } = record;
  return { ok: true, request: { messages: [{ ...message, type: kind }] }, single: true };
}

export class TrackingApi {
  private readonly auth: ApiKeyAuthenticator;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly config: HttpConfig,
    private readonly limits: KeyRateLimit,
    /** Checks the website snippet's public keys (origin, messages, rate per visitor); absent, they are refused like unknown keys. */
    private readonly publicKeys?: PublicKeyGate,
  ) {
    this.auth = new ApiKeyAuthenticator(deps);
  }

  /** Answers one request to a tracking path: reads the body, authenticates its write key, applies the key's rate limit. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string, log: Logger): Promise<void> {
    const send: Send = (status, body, headers) => sendJson(res, status, body, headers);
    const body = await readTrackingBody(req, this.config.INGEST_MAX_BODY_BYTES);
    if (!body.ok) return send(body.status, failure(body.error, body.message), body.status === 413 ? { connection: "close" } : {});
    const writeKey = writeKeyOf(req, body.value);
    if (writeKey && this.publicKeys && isPublicKey(writeKey)) {
      const caller = await this.publicKeys.admit(req, res, writeKey, path, body.value, send);
      return caller ? this.answer(res, path, caller, body.value, log) : undefined;
    }
    const key = writeKey ? await this.auth.authenticate(writeKey) : null;
    if (!key) {
      return send(401, failure("unauthorized", "Send the write key (one of the team's API keys, /admin apikey create) as the Basic auth user name, or as writeKey."), {
        "www-authenticate": 'Basic realm="leadbot"',
      });
    }
    if (!(await this.admit(key, send))) return;
    await this.answer(res, path, { teamId: key.teamId, apiKeyId: key.keyId }, body.value, log);
  }

  /**
   * Answers a tracking request whose team the caller has already authenticated (and rate
   * limited): `body` is the request's parsed JSON. The website snippet's public keys come in here.
   */
  async answer(res: ServerResponse, path: string, caller: TrackingCaller, body: unknown, log: Logger): Promise<void> {
    const send: Send = (status, payload, headers) => sendJson(res, status, payload, headers);
    const kind = TRACKING_PATHS[path];
    if (!kind) return send(404, failure("not_found", `No tracking endpoint at ${path}.`));
    const started = performance.now();
    const shaped = shape(body, kind);
    if (!shaped.ok) return send(400, failure("invalid_body", shaped.message));
    const count = shaped.request.messages.length;
    if (count === 0) return send(200, { success: true, accepted: 0, duplicates: 0, rejected: 0, results: [] });
    if (count > MAX_BATCH_ITEMS) return send(400, failure("batch_too_large", `A batch holds at most ${MAX_BATCH_ITEMS} messages (got ${count}); split it.`));
    const result: BatchResult = await ingestTracking(this.deps, caller, shaped.request);
    this.deps.metrics?.ingestItems("tracking", result.results);
    log.info(
      { teamId: caller.teamId, keyId: caller.apiKeyId, endpoint: path, items: count, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected, ms: Math.round(performance.now() - started) },
      "tracked",
    );
    // One refused message is the request's failure (the libraries drop a 400); a batch answers per message.
    if (shaped.single && result.rejected === 1) {
      const only = result.results[0]!;
      return send(400, { ...failure(only.code ?? "invalid_message", only.reason ?? "The message was refused."), ...result });
    }
    send(200, { success: true, ...result });
  }

  private async admit(key: AuthenticatedKey, send: Send): Promise<boolean> {
    const allowed = await this.limits.take(key.keyId);
    if (allowed.ok) return true;
    send(429, failure("rate_limited", `Too many requests for this write key; retry in ${allowed.retryAfterSeconds} s.`), { "retry-after": String(allowed.retryAfterSeconds) });
    return false;
  }
}
