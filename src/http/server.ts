import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { ServiceDeps } from "../services/deps.js";
import { DEFAULT_HTTP_CONFIG, type HttpConfig } from "./http.config.js";
import { handleImport, IMPORT_PATH } from "./import.routes.js";
import { INGEST_ENDPOINTS, IngestApi, sendJson } from "./ingest.routes.js";
import type { KeyRateLimit } from "./rate-limit.js";

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
}

export interface HttpHandle {
  port: number;
  close(): Promise<void>;
}

const INTERNAL = {
  error: "internal",
  message: "Something went wrong on our side and nothing from this request was stored. Please retry later.",
};

/** Health endpoints and the ingestion API (POST /api/v1/events, POST /api/v1/leads, POST /api/v1/leads/import). */
export async function startHttpServer(deps: HttpDeps, port: number, host: string): Promise<HttpHandle> {
  const config = deps.config ?? DEFAULT_HTTP_CONFIG;
  const api = new IngestApi(deps.services, config, deps.log, deps.rateLimit);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "GET" && path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (req.method === "GET" && path === "/readyz") {
      try {
        await deps.checkDatabase();
        return sendJson(res, 200, { status: "ready" });
      } catch (error) {
        deps.log.warn({ err: error }, "readiness check failed");
        return sendJson(res, 503, { status: "unavailable", reason: "database" });
      }
    }
    if (path === IMPORT_PATH) {
      if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed", message: `Use POST ${path}.` }, { allow: "POST" });
      return handleImport(req, res, { api, deps: deps.services, config, log: deps.log });
    }
    const endpoint = INGEST_ENDPOINTS[path];
    if (endpoint) {
      if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed", message: `Use POST ${path}.` }, { allow: "POST" });
      return api.handle(req, res, endpoint);
    }
    sendJson(res, 404, { error: "not_found", message: `No endpoint at ${req.method} ${path}.` });
  };

  const server: Server = createServer((req, res) => {
    // The one error boundary of the HTTP transport: log with context, answer without internals.
    route(req, res).catch((error: unknown) => {
      deps.log.error({ err: error, method: req.method, path: (req.url ?? "").split("?")[0] }, "HTTP request failed");
      sendJson(res, 500, INTERNAL);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
