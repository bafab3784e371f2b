/**
 * GET /metrics: the process's metrics in Prometheus' text format (README, "Metrics"). Served on
 * METRICS_PORT (a server of its own, below) or on the API's PORT; either way a scrape sends
 * METRICS_TOKEN as a bearer token when one is set, compared in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Metrics } from "../metrics/metrics.js";
import { drainable } from "./drain.js";
import { problem, sendJson } from "./ingest.routes.js";

export const METRICS_PATH = "/metrics";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Answers a request for METRICS_PATH: 405 for other methods, 401 without the token (when one is set), else the scrape. */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, env: { metrics: Metrics; token: string | null; log: Logger }): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return sendJson(res, 405, problem("method_not_allowed", `Use GET ${METRICS_PATH}.`), { allow: "GET" });
  if (env.token !== null) {
    const sent = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
    if (sent === undefined || !timingSafeEqual(digest(sent), digest(env.token))) {
      return sendJson(res, 401, problem("unauthorized", "Send METRICS_TOKEN as 'Authorization: Bearer …'."), { "www-authenticate": 'Bearer realm="leadbot-metrics"' });
    }
  }
  const { contentType, body } = await env.metrics.scrape();
  res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
  res.end(req.method === "HEAD" ? undefined : body);
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** METRICS_PORT: a server that answers GET /metrics and nothing else. */
export async function startMetricsServer(env: { metrics: Metrics; token: string | null; log: Logger }, port: number, host: string): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== METRICS_PATH) return sendJson(res, 404, problem("not_found", `Only ${METRICS_PATH} is served on this port.`));
    serveMetrics(req, res, env).catch((error: unknown) => {
      env.log.error({ err: error }, "metrics scrape failed");
      sendJson(res, 500, problem("internal", "The metrics could not be read."));
    });
  });
  const drain = drainable(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return { port: (server.address() as AddressInfo).port, close: () => drain.close() };
}
