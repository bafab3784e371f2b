import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";

export interface HttpDeps {
  log: Logger;
  /** Resolves when the database answers; readiness depends on it. */
  checkDatabase: () => Promise<void>;
}

export interface HttpHandle {
  port: number;
  close(): Promise<void>;
}

/** Health endpoints now; the ingestion API mounts here later. */
export async function startHttpServer(deps: HttpDeps, port: number, host: string): Promise<HttpHandle> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/healthz") return send(200, { status: "ok" });
    if (req.method === "GET" && path === "/readyz") {
      deps.checkDatabase().then(
        () => send(200, { status: "ready" }),
        (error: unknown) => {
          deps.log.warn({ err: error }, "readiness check failed");
          send(503, { status: "unavailable", reason: "database" });
        },
      );
      return;
    }
    send(404, { error: "not_found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
