import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import { secondsSince } from "../metrics/elapsed.js";
import type { ServiceDeps } from "../services/deps.js";
import { drainable } from "./drain.js";
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from "./http.config.js";
import { handleHook, HOOKS_PREFIX, HOOKS_ROUTE } from "./hooks.routes.js";
import { handleImport, IMPORT_PATH } from "./import.routes.js";
import { INGEST_ENDPOINTS, IngestApi, problem, sendJson } from "./ingest.routes.js";
import { METRICS_PATH, serveMetrics } from "./metrics.routes.js";
import { answerPreflight, PublicKeyGate } from "./public-key.js";
import { serveSnippet, SNIPPET_PATH } from "./snippet.routes.js";
import { TokenBuckets, type KeyRateLimit } from "./rate-limit.js";
import { TRACKING_PATHS, TrackingApi } from "./tracking.routes.js";

export interface HttpDeps {
  log: Logger;
  /** Resolves when the database answers; readiness depends on it. */
  checkDatabase: () => Promise<void>;
  /** The store and the clock the ingestion API works with. */
  services: ServiceDeps;
  /** Ingestion limits (body size, rate); defaults when left out. */
  config?: HttpConfig;
  /** The per-key rate limit's buckets (shared by every instance on PostgreSQL); default: in memory, from `config`. */
  rateLimit?: KeyRateLimit;
  /** The website snippet's buckets per public key and visitor (PUBLIC_RATE_*); default: in memory, from `config`. */
  visitorLimit?: KeyRateLimit;
  /**
   * GET /metrics on this port, behind this bearer token (METRICS_TOKEN); `services.metrics` is
   * what it serves. Absent: /metrics is not served here (metrics off, or on METRICS_PORT).
   */
  metricsToken?: string | null;
}

export interface HttpHandle {
  port: number;
  /** Requests being answered now. */
  readonly inFlight: number;
  /**
   * Stops taking requests (new connections are refused, a new request on an open connection is
   * answered 503), finishes those in progress and resolves once every connection is closed.
   */
  close(): Promise<void>;
}

/** Routes named in metrics; any other path counts as "other", so what a client sends never becomes a label. */
const ROUTES = new Set(["/healthz", "/readyz", SNIPPET_PATH, METRICS_PATH, IMPORT_PATH, ...Object.keys(INGEST_ENDPOINTS), ...Object.keys(TRACKING_PATHS)]);
/** A path as metrics name it: a known route, every webhook source as one, else "other". */
const routeLabel = (path: string) => (ROUTES.has(path) ? path : path.startsWith(HOOKS_PREFIX) ? HOOKS_ROUTE : "other");

/** A client's X-Request-Id is kept when it is a plain token, so its logs and ours can be matched. */
const requestIdOf = (req: IncomingMessage): string => {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
};

const INTERNAL = {
  error: "internal",
  message: "Something went wrong on our side and nothing from this request was stored. Please retry later.",
};

/**
 * Health endpoints, the ingestion API (POST /api/v1/events, POST /api/v1/leads, POST
 * /api/v1/leads/import), the Segment-compatible tracking API (POST /v1/batch, /v1/track, …)
 * and, with a token, GET /metrics. Each request gets an id (`reqId` in its
 * log lines, `X-Request-Id` in its answer).
 */
export async function startHttpServer(deps: HttpDeps, port: number, host: string): Promise<HttpHandle> {
  const config = deps.config ?? DEFAULT_HTTP_CONFIG;
  const metrics = deps.services.metrics;
  // One budget per key, whichever endpoints it sends to.
  const limits = deps.rateLimit ?? new TokenBuckets(config.INGEST_RATE_PER_MINUTE, config.INGEST_RATE_BURST, () => deps.services.clock().getTime());
  const api = new IngestApi(deps.services, config, limits);
  const visitors = deps.visitorLimit ?? new TokenBuckets(config.PUBLIC_RATE_PER_MINUTE, config.PUBLIC_RATE_BURST, () => deps.services.clock().getTime());
  const tracking = new TrackingApi(deps.services, config, limits, new PublicKeyGate(deps.services, visitors, config.TRUST_PROXY));

  const route = async (req: IncomingMessage, res: ServerResponse, path: string, log: Logger): Promise<void> => {
    if (req.method === "GET" && path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if ((req.method === "GET" || req.method === "HEAD") && path === SNIPPET_PATH) return serveSnippet(req, res);
    // Shutting down: what is in progress finishes, nothing new starts (a load balancer retries elsewhere).
    if (drain.closing) {
      req.resume();
      if (path === "/readyz") return sendJson(res, 503, { status: "unavailable", reason: "stopping" });
      return sendJson(res, 503, problem("shutting_down", "This instance is shutting down and took nothing from this request. Retry in a moment."), { "retry-after": "5" });
    }
    if (path === METRICS_PATH && metrics && deps.metricsToken) return serveMetrics(req, res, { metrics, token: deps.metricsToken, log });
    if (req.method === "GET" && path === "/readyz") {
      try {
        await deps.checkDatabase();
        return sendJson(res, 200, { status: "ready" });
      } catch (error) {
        log.warn({ err: error }, "readiness check failed");
        return sendJson(res, 503, { status: "unavailable", reason: "database" });
      }
    }
    if (path === IMPORT_PATH) {
      if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed", message: `Use POST ${path}.` }, { allow: "POST" });
      return handleImport(req, res, { api, deps: deps.services, config, log });
    }
    if (path.startsWith(HOOKS_PREFIX)) {
      if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed", message: `Use POST ${path}.` }, { allow: "POST" });
      // Source names are plain ASCII; anything percent-encoded is simply not one (404).
      const name = path.slice(HOOKS_PREFIX.length, HOOKS_PREFIX.length + 100);
      return handleHook(req, res, { api, deps: deps.services, config, log, name });
    }
    if (Object.hasOwn(TRACKING_PATHS, path)) {
      // Browsers ask before a request that is not "simple"; the website snippet's are simple.
      if (req.method === "OPTIONS") return answerPreflight(req, res);
      if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed", message: `Use POST ${path}.` }, { allow: "POST" });
      return tracking.handle(req, res, path, log);
    }
    const endpoint = INGEST_ENDPOINTS[path];
    if (endpoint) {
      if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed", message: `Use POST ${path}.` }, { allow: "POST" });
      return api.handle(req, res, endpoint, log);
    }
    sendJson(res, 404, { error: "not_found", message: `No endpoint at ${req.method} ${path}.` });
  };

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const reqId = requestIdOf(req);
    const log = deps.log.child({ reqId });
    res.setHeader("x-request-id", reqId);
    log.debug({ method: req.method, path }, "HTTP request");
    res.once("finish", () => {
      const seconds = secondsSince(started);
      metrics?.httpRequest(routeLabel(path), res.statusCode, seconds);
      log.debug({ method: req.method, path, status: res.statusCode, ms: Math.round(seconds * 1000) }, "HTTP answered");
    });
    // The one error boundary of the HTTP transport: log with context, answer without internals.
    route(req, res, path, log).catch((error: unknown) => {
      log.error({ err: error, method: req.method, path }, "HTTP request failed");
      sendJson(res, 500, INTERNAL);
    });
  });
  const drain = drainable(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    get inFlight() {
      return drain.inFlight;
    },
    close: () => drain.close(),
  };
}
