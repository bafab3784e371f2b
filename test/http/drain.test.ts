/**
 * Closing the API's HTTP server while a request is in progress on a kept-alive connection: the
 * request is answered, one that arrives meanwhile gets 503, and closing takes as long as the
 * request, not the 5 s a kept-alive connection would otherwise hold the server open.
 */
import { Agent, request } from "node:http";
import { connect } from "node:net";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import type { ServiceDeps } from "../../src/services/deps.js";

const log = pino({ level: "silent" });

function get(port: number, path: string, agent: Agent): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("closing the HTTP server", () => {
  let server: HttpHandle | undefined;
  afterEach(async () => server?.close());

  it("answers the request in progress, refuses new ones on its connection, and does not wait out keep-alive", async () => {
    let release: () => void = () => {};
    const readiness = new Promise<void>((resolve) => (release = resolve));
    let checks = 0;
    // /readyz waits on the "database" until the test lets it answer: a request in progress.
    const checkDatabase = async () => {
      checks += 1;
      if (checks === 2) await readiness;
    };
    server = await startHttpServer({ log, services: {} as ServiceDeps, checkDatabase }, 0, "127.0.0.1");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get(server.port, "/readyz", agent)).status).toBe(200);

    const slow = get(server.port, "/readyz", agent);
    while (server.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const startedClosing = Date.now();
    const closed = server.close();
    release();
    const answered = await slow;
    expect(answered).toMatchObject({ status: 200, connection: "close" });
    await closed;
    expect(Date.now() - startedClosing).toBeLessThan(1_000);
    // Closed: nothing listens any more.
    await expect(get(server.port, "/healthz", new Agent())).rejects.toMatchObject({ code: "ECONNREFUSED" });
    agent.destroy();
  });

  it("answers 503 to a request whose headers finish arriving while closing", async () => {
    server = await startHttpServer({ log, services: {} as ServiceDeps, checkDatabase: async () => {} }, 0, "127.0.0.1");
    const socket = connect(server.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    const ended = new Promise((resolve) => socket.once("close", resolve));
    // Half a request: the connection is busy, not idle, so closing does not drop it.
    socket.write("POST /api/v1/events HTTP/1.1\r\nHost: x\r\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedClosing = Date.now();
    const closed = server.close();
    socket.write("Content-Length: 2\r\n\r\n{}");
    await ended;
    await closed;
    expect(Date.now() - startedClosing).toBeLessThan(1_000);
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toMatch(/"error":"shutting_down"/);
  });
});
