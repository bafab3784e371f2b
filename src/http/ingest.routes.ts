/**
 * The ingestion API's routes: authenticate the key, apply its rate limit, read and check the
 * body, and hand the items to the ingestion service. Every answer is JSON.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { ApiKeyAuthenticator, type AuthenticatedKey } from "../services/api-key.service.js";
import type { ServiceDeps } from "../services/deps.js";
import { ingestEvents, ingestLeads, MAX_BATCH_ITEMS, type BatchResult } from "../services/ingest.service.js";
import { readJsonBody } from "./body.js";
import type { HttpConfig } from "./http.config.js";
import { TokenBuckets, type KeyRateLimit } from "./rate-limit.js";

export type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

export const problem = (error: string, message: string) => ({ error, message });

interface Endpoint {
  /** The body key holding a batch: `{ events: [...] }`. */
  batchKey: "events" | "leads";
  run(deps: ServiceDeps, teamId: number, items: readonly unknown[]): Promise<BatchResult>;
}

export const INGEST_ENDPOINTS: Record<string, Endpoint> = {
  "/api/v1/events": { batchKey: "events", run: ingestEvents },
  "/api/v1/leads": { batchKey: "leads", run: ingestLeads },
};

/** Splits a body into items: one object, `{ <batchKey>: [...] }`, or a bare array. */
function itemsOf(body: unknown, batchKey: string): { ok: true; items: unknown[]; single: boolean } | { ok: false; message: string } {
  if (Array.isArray(body)) return { ok: true, items: body, single: false };
  if (typeof body !== "object" || body === null) return { ok: false, message: `Send a JSON object, or { "${batchKey}": [...] } for a batch.` };
  if (batchKey in body) {
    const batch = (body as Record<string, unknown>)[batchKey];
    if (!Array.isArray(batch)) return { ok: false, message: `"${batchKey}" must be an array.` };
    return { ok: true, items: batch, single: false };
  }
  return { ok: true, items: [body], single: true };
}

export class IngestApi {
  private readonly auth: ApiKeyAuthenticator;
  private readonly limits: KeyRateLimit;

  /** `limits`: the per-key buckets (shared on PostgreSQL, see src/app.ts); default: this process's own. */
  constructor(
    private readonly deps: ServiceDeps,
    private readonly config: HttpConfig,
    limits?: KeyRateLimit,
  ) {
    this.auth = new ApiKeyAuthenticator(deps);
    this.limits = limits ?? new TokenBuckets(config.INGEST_RATE_PER_MINUTE, config.INGEST_RATE_BURST, () => deps.clock().getTime());
  }

  /** Answers one request to `endpoint`; `log` is the request's own (its `reqId`). */
  async handle(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, log: Logger): Promise<void> {
    const started = performance.now();
    const send: Send = (status, body, headers) => sendJson(res, status, body, headers);
    const key = await this.admit(req, send);
    if (!key) return;
    const body = await readJsonBody(req, this.config.INGEST_MAX_BODY_BYTES);
    if (!body.ok) return send(body.status, problem(body.error, body.message), body.status === 413 ? { connection: "close" } : {});
    const shaped = itemsOf(body.value, endpoint.batchKey);
    if (!shaped.ok) return send(400, problem("invalid_body", shaped.message));
    if (shaped.items.length === 0) return send(400, problem("invalid_body", `"${endpoint.batchKey}" is empty.`));
    if (shaped.items.length > MAX_BATCH_ITEMS) {
      return send(400, problem("batch_too_large", `A batch holds at most ${MAX_BATCH_ITEMS} items (got ${shaped.items.length}); split it.`));
    }
    const result = await endpoint.run(this.deps, key.teamId, shaped.items);
    this.deps.metrics?.ingestItems(endpoint.batchKey, result.results);
    log.info(
      { teamId: key.teamId, keyId: key.keyId, endpoint: endpoint.batchKey, items: shaped.items.length, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected, ms: Math.round(performance.now() - started) },
      "ingested",
    );
    // A single item that was refused is the request's failure; a batch always answers per item.
    send(shaped.single && result.rejected === 1 ? 422 : 200, result);
  }

  /**
   * Authenticates the API key and takes a token from its rate limit; answers 401 or 429 and
   * returns null when the request may not go on. Every ingestion route (file imports too)
   * shares these buckets, so one key has one budget.
   */
  async admit(req: IncomingMessage, send: Send, keyOf: (req: IncomingMessage) => string | null = bearerKey): Promise<AuthenticatedKey | null> {
    const given = keyOf(req);
    const key = given === null ? null : await this.auth.authenticate(given);
    if (!key) {
      send(401, problem("unauthorized", "Send a valid API key as 'Authorization: Bearer lsk_…'. Admins create keys with /admin apikey create."), {
        "www-authenticate": 'Bearer realm="leadbot"',
      });
      return null;
    }
    const allowed = await this.limits.take(key.keyId);
    if (!allowed.ok) {
      send(429, problem("rate_limited", `Too many requests for this API key; retry in ${allowed.retryAfterSeconds} s.`), {
        "retry-after": String(allowed.retryAfterSeconds),
      });
      return null;
    }
    return key;
  }

  /**
   * Charges a request admitted by `admit()` `cost` tokens in all (that one included); when the
   * key's bucket cannot pay, gives the admit token back, answers 429 and returns false.
   */
  async charge(key: AuthenticatedKey, cost: number, send: Send): Promise<boolean> {
    if (cost <= 1) return true;
    await this.limits.refund(key.keyId, 1);
    const allowed = await this.limits.take(key.keyId, cost);
    if (allowed.ok) return true;
    send(429, problem("rate_limited", `Too many requests for this API key; retry in ${allowed.retryAfterSeconds} s.`), { "retry-after": String(allowed.retryAfterSeconds) });
    return false;
  }

}

/** The key of `Authorization: Bearer <key>`, or null. */
export function bearerKey(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match ? match[1]! : null;
}
