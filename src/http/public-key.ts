/**
 * Public keys (lpk_…) at the Segment-compatible tracking endpoints: the website snippet's key,
 * which every visitor can read in the page. So it is accepted only
 *
 * - from a browser on one of the origins listed on the key (the `Origin` header; CORS),
 * - to send page views, events and sign-ups (page, track, screen, identify), nothing else,
 * - within a rate per visitor (IP address), so one visitor cannot drown a team's tracking.
 *
 * An accepted request gets `Access-Control-Allow-Origin` for its origin; a refused one does not,
 * so the browser hides the answer too. Preflights carry no key: they are answered for any origin
 * and the request that follows is checked (GET /t.js sends simple requests, which need none).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import proxyaddr from "proxy-addr";
import { originAllowed } from "../domain/origins.js";
import { ApiKeyAuthenticator, PUBLIC_KEY_PREFIX } from "../services/api-key.service.js";
import type { ServiceDeps } from "../services/deps.js";
import type { TrackingCaller } from "../services/tracking.service.js";
import type { Send } from "./ingest.routes.js";
import type { KeyRateLimit } from "./rate-limit.js";

/** What a public key may send: the snippet's messages, and screen views for apps. */
export const PUBLIC_MESSAGE_TYPES: ReadonlySet<string> = new Set(["page", "track", "identify", "screen"]);
/** The tracking paths a public key may post to. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(["/v1/batch", "/v1/page", "/v1/track", "/v1/identify", "/v1/screen"]);

export const isPublicKey = (key: string): boolean => key.startsWith(PUBLIC_KEY_PREFIX);

/** Who may say the visitor's address, from TRUST_PROXY: a number of hops, or addresses and subnets (proxy-addr's). */
export function proxyTrust(setting: string): (addr: string, hop: number) => boolean {
  const text = setting.trim();
  if (text === "") return () => false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_addr, hop) => hop < hops;
  }
  return proxyaddr.compile(text.split(",").map((part) => part.trim()));
}

/** Why a public key may not send this request (a path or a message type it may not use), or null. */
export function publicRequestProblem(path: string, body: unknown): string | null {
  if (!PUBLIC_PATHS.has(path)) return `a public key may not post to ${path}; it sends page views and events only`;
  if (path !== "/v1/batch") return null;
  const batch = typeof body === "object" && body !== null ? (body as { batch?: unknown }).batch : undefined;
  if (!Array.isArray(batch)) return null; // the tracking API answers the shape itself
  for (const message of batch) {
    const type = typeof message === "object" && message !== null ? (message as { type?: unknown }).type : undefined;
    if (typeof type === "string" && !PUBLIC_MESSAGE_TYPES.has(type)) return `a public key may not send "${type.slice(0, 40)}" messages; it sends page, track, screen and identify only`;
  }
  return null;
}

const forbidden = (error: string, message: string) => ({ success: false, error, message });

/** Checks the public keys of tracking requests: the key, the origin, the path and messages, the visitor's rate. */
export class PublicKeyGate {
  private readonly auth: ApiKeyAuthenticator;
  private readonly trust: (addr: string, hop: number) => boolean;

  /** `visitors`: the buckets per key and visitor, PUBLIC_RATE_PER_MINUTE / PUBLIC_RATE_BURST. */
  constructor(
    deps: ServiceDeps,
    private readonly visitors: KeyRateLimit,
    trustProxy: string,
  ) {
    this.auth = new ApiKeyAuthenticator(deps);
    this.trust = proxyTrust(trustProxy);
  }

  /**
   * Admits a tracking request sent with public key `key`: answers 401, 403 or 429 and returns
   * null when it may not go on; otherwise sets the CORS headers on `res` and returns the caller.
   */
  async admit(req: IncomingMessage, res: ServerResponse, key: string, path: string, body: unknown, send: Send): Promise<TrackingCaller | null> {
    const found = await this.auth.authenticatePublic(key);
    if (!found) {
      send(401, forbidden("unauthorized", "Unknown or revoked public key. An admin creates one with /admin publickey create."));
      return null;
    }
    const origin = req.headers.origin;
    if (typeof origin !== "string" || origin === "" || origin === "null") {
      send(403, forbidden("origin_required", "A public key is accepted only from a web page on one of its origins (the browser's Origin header)."));
      return null;
    }
    if (!originAllowed(origin, found.origins)) {
      send(403, forbidden("origin_not_allowed", "This public key is not accepted from this website. An admin adds it with /admin publickey origins."));
      return null;
    }
    const problem = publicRequestProblem(path, body);
    if (problem) {
      send(403, forbidden("not_allowed_for_public_key", `Refused: ${problem}.`));
      return null;
    }
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("vary", "Origin");
    const visitor = proxyaddr(req, this.trust);
    const allowed = await this.visitors.take(`visitor:${found.keyId}:${visitor}`);
    if (!allowed.ok) {
      send(429, forbidden("rate_limited", `Too many requests from this visitor; retry in ${allowed.retryAfterSeconds} s.`), { "retry-after": String(allowed.retryAfterSeconds) });
      return null;
    }
    return { teamId: found.teamId, apiKeyId: found.keyId, source: "snippet", untrusted: true };
  }
}

/**
 * A CORS preflight to a tracking path. It carries no key, so it is answered for any origin; the
 * request that follows is checked against its key's origins (PublicKeyGate).
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  const headers: Record<string, string> = { vary: "Origin", "content-length": "0" };
  if (typeof origin === "string" && origin !== "") {
    headers["access-control-allow-origin"] = origin;
    headers["access-control-allow-methods"] = "POST, OPTIONS";
    headers["access-control-allow-headers"] = "content-type, authorization, content-encoding";
    headers["access-control-max-age"] = "600";
  }
  req.resume();
  res.writeHead(204, headers);
  res.end();
}
