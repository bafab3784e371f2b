/**
 * POST /api/v1/hooks/<source>: a form's or a CRM's webhook. Authenticated and rate-limited like
 * POST /api/v1/events (the same secret keys and buckets); the body is mapped to events by the
 * source's mapping (/hooks set, or a mapping file) and each item answered like an event.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { ServiceDeps } from "../services/deps.js";
import { receiveHook, type HookRefusal } from "../services/hook.service.js";
import { readJsonBody } from "./body.js";
import type { HttpConfig } from "./http.config.js";
import { problem, sendJson, type IngestApi, type Send } from "./ingest.routes.js";

export const HOOKS_PREFIX = "/api/v1/hooks/";
/** What metrics call every source's path, so a source's name never becomes a label. */
export const HOOKS_ROUTE = "/api/v1/hooks/:source";

/**
 * The key of a webhook, wherever its sender can put it: `Authorization: Bearer <key>`, HTTP
 * Basic with the key as user name or password (Pipedrive's webhooks offer only that), the key
 * alone in `Authorization` or `X-Api-Key` (HubSpot workflows' "API key" option), or `?key=`
 * for senders that can set nothing but the URL.
 */
export function hookKey(req: IncomingMessage): string | null {
  const header = (req.headers.authorization ?? "").trim();
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const [user, password] = colon < 0 ? [decoded, ""] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
    return /^l[sp]k_/.test(user) ? user : password || null;
  }
  if (/^l[sp]k_\S+$/.test(header)) return header;
  const apiKey = req.headers["x-api-key"];
  if (typeof apiKey === "string" && apiKey.trim() !== "") return apiKey.trim();
  const query = new URL(req.url ?? "/", "http://localhost").searchParams.get("key");
  return query && query.trim() !== "" ? query.trim() : null;
}

function refusal(send: Send, refused: HookRefusal): void {
  switch (refused.reason) {
    case "unknown_source":
      return send(404, problem("unknown_source", `This team has no webhook source "${refused.name}". A manager sets it up in chat: /hooks set ${refused.name} email=/email type=…`));
    case "mapping_unreadable":
      return send(409, problem("mapping_unreadable", `The mapping of "${refused.name}" no longer reads; a manager sets it again with /hooks set.`));
    case "no_items":
      return send(400, problem("invalid_body", `No items to store: ${refused.detail}.`));
    case "too_many_items":
      return send(400, problem("batch_too_large", `A delivery holds at most ${refused.max} items (got ${refused.count}); split it.`));
  }
}

/** Answers one delivery to `/api/v1/hooks/<source>`. */
export async function handleHook(
  req: IncomingMessage,
  res: ServerResponse,
  context: { api: IngestApi; deps: ServiceDeps; config: HttpConfig; log: Logger; name: string },
): Promise<void> {
  const { api, deps, config, log, name } = context;
  const started = performance.now();
  const send: Send = (status, body, headers) => sendJson(res, status, body, headers);
  const key = await api.admit(req, send, hookKey);
  if (!key) return;
  const body = await readJsonBody(req, config.INGEST_MAX_BODY_BYTES);
  if (!body.ok) return send(body.status, problem(body.error, body.message), body.status === 413 ? { connection: "close" } : {});
  const received = await receiveHook(deps, key.teamId, name, body.value);
  if (!received.ok) return refusal(send, received.refusal);
  const { result, items } = received;
  deps.metrics?.ingestItems("events", result.results);
  log.info(
    { teamId: key.teamId, keyId: key.keyId, endpoint: "hooks", source: name, items, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected, ms: Math.round(performance.now() - started) },
    "ingested",
  );
  // Like /api/v1/events: one item that was refused is the request's failure; several are answered per item.
  send(items === 1 && result.rejected === 1 ? 422 : 200, result);
}
