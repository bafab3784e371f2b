import type { Server, ServerResponse } from "node:http";

/** A server that can be closed gracefully: see `drainable`. */
export interface Drainable {
  /** True once `close()` was called: answer what is still in progress, take nothing new. */
  readonly closing: boolean;
  /** Requests being answered now. */
  readonly inFlight: number;
  /**
   * Stops listening, lets the requests in progress finish, and resolves once every connection
   * is closed. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Graceful closing for a node:http server. `server.close()` alone stops listening but then
 * waits for kept-alive connections to time out (5 s by default) after their last answer; here
 * every answer given while closing says `Connection: close`, and idle connections are closed
 * as soon as they go idle, so closing takes as long as the slowest request in progress.
 */
export function drainable(server: Server): Drainable {
  const active = new Set<ServerResponse>();
  let closing = false;
  let closed: Promise<void> | undefined;

  // Before the server's own handler, which may answer at once (a 503 while closing).
  server.prependListener("request", (_req, res: ServerResponse) => {
    active.add(res);
    if (closing && !res.headersSent) res.setHeader("connection", "close");
    res.once("close", () => {
      active.delete(res);
      if (closing) server.closeIdleConnections();
    });
  });

  return {
    get closing() {
      return closing;
    },
    get inFlight() {
      return active.size;
    },
    close() {
      closing = true;
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const res of active) if (!res.headersSent) res.setHeader("connection", "close");
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
