/**
 * Several bot processes for tests: the real entry point as `npm start` runs it, each
 * on its own ports, and a tap in the test process between them and the fake chat APIs, which
 * records which instance made each call and can hold an instance's sends, to catch it in the
 * middle of a delivery: before the platform sees them, or after it accepted them (the answer
 * never comes back).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Ports nobody listens on right now (the OS's choice); the test's processes take them next. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<Server>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export interface BotProcess {
  name: string;
  child: ChildProcess;
  /** Its log lines (JSON, from stderr) so far. */
  logs: string[];
  /** Resolves with the first log line whose `msg` is `message` (past or future). */
  logged(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (null after a signal). */
  exited: Promise<number | null>;
}

/** What `npm start` runs after `node`: its Node flags and the entry point. */
const START_ARGS = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: { start: string } }).scripts.start.split(/\s+/).slice(1);

/** Starts the real entry point, as `npm start` does, with `env` added to this process's environment. */
export function spawnBot(name: string, env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, START_ARGS, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const logs: string[] = [];
  const waiters = new Set<() => void>();
  let partial = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    logs.push(...lines.filter(Boolean));
    for (const waiter of [...waiters]) waiter();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const parse = (line: string): Record<string, unknown> | null => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  return {
    name,
    child,
    logs,
    exited,
    logged(message, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs.map(parse).find((l) => l?.msg === message);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name} did not log "${message}" within ${timeoutMs} ms; its log:\n${logs.slice(-20).join("\n")}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
        void exited.then(() => {
          if (!waiters.has(check)) return;
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`${name} exited before logging "${message}"; its log:\n${logs.slice(-20).join("\n")}`));
        });
      });
    },
  };
}

/** One call an instance made to a chat API, as the tap saw it. */
export interface TappedCall {
  instance: string;
  api: string;
  /** The API method: the last part of the path (`chat.postMessage`, `sendMessage`). */
  method: string;
  at: number;
  /** The request body as sent (form-encoded for Slack, JSON for Telegram). */
  body: string;
  /**
   * Held: `request` was never forwarded (the platform never saw it); `answer` was forwarded and
   * accepted, but its answer never went back to the instance.
   */
  held?: "request" | "answer";
}

export interface Tap {
  /** The base URL `instance` uses for `api` instead of the API's own (the same paths follow). */
  url(instance: string, api: string): string;
  calls: TappedCall[];
  /**
   * From now on, calls of `methods` by `instance` are held: never answered. The first
   * `forwardFirst` of them reach the platform (which accepts them); the rest never do.
   */
  hold(instance: string, methods: string[], forwardFirst?: number): void;
  close(): Promise<void>;
}

/**
 * A pass-through to the fake APIs (`targets`: API name → base URL) that records who called
 * what: each instance gets a port of its own per API (telegraf resolves method paths against
 * its API root, so the root can carry no path of ours), forwarded to the target's same path.
 */
export async function startTap(targets: Record<string, string>, instances: string[]): Promise<Tap> {
  const calls: TappedCall[] = [];
  const holds = new Map<string, { methods: Set<string>; forward: number }>();
  const held: ServerResponse[] = [];
  const servers: Server[] = [];
  const urls = new Map<string, string>();

  const serve = (instance: string, api: string, target: string) =>
    createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const path = req.url ?? "/";
        const method = path.split("?")[0]!.split("/").pop() ?? "";
        const hold = holds.get(instance);
        const call: TappedCall = { instance, api, method, at: Date.now(), body: Buffer.concat(chunks).toString("utf8") };
        calls.push(call);
        if (hold?.methods.has(method)) {
          held.push(res);
          call.held = hold.forward > 0 ? "answer" : "request";
          if (hold.forward === 0) return;
          hold.forward -= 1;
        }
        const headers: Record<string, string> = {};
        for (const name of ["content-type", "authorization"]) {
          const value = req.headers[name];
          if (typeof value === "string") headers[name] = value;
        }
        fetch(target.replace(/\/$/, "") + path, { method: req.method ?? "GET", headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) })
          .then(async (answer) => {
            const body = Buffer.from(await answer.arrayBuffer());
            if (call.held) return;
            res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
            res.end(body);
          })
          .catch(() => res.destroy());
      });
    });

  for (const instance of instances) {
    for (const [api, target] of Object.entries(targets)) {
      const server = serve(instance, api, target);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      servers.push(server);
      urls.set(`${instance}\0${api}`, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
  }
  return {
    url: (instance, api) => {
      const url = urls.get(`${instance}\0${api}`);
      if (!url) throw new Error(`no tap for ${instance}'s ${api}`);
      return url;
    },
    calls,
    hold(instance, methods, forwardFirst = 0) {
      holds.set(instance, { methods: new Set(methods), forward: forwardFirst });
    },
    async close() {
      for (const res of held) res.destroy();
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
