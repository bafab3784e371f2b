/**
 * Graceful shutdown of the real entry point (src/main.ts, as `npm start` runs it) on the
 * embedded database: SIGTERM while a large ingestion batch is in flight and the outbox worker
 * holds claimed messages. The batch in flight is stored whole and answered; one sent once the
 * bot is stopping is refused and stored not at all; after a restart each, sent again, is stored
 * exactly once. The claimed messages go back to the queue at once instead of waiting out their
 * lease; the process exits 0 within the bound, releasing DATA_DIR's lock, so a restart on the
 * same directory opens it at once.
 *
 * The batch's body is sent in two parts, the second after the signal: PGlite runs on the main
 * thread, so a signal that arrives while it stores a batch is handled only once the batch is
 * done; holding the body back makes "in flight when the bot starts stopping" certain.
 */
import { spawn } from "node:child_process";
import { request } from "node:http";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHUTDOWN_TIMEOUT_MS, shutDown } from "../../src/shutdown.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import { openStore } from "../../src/store/client.js";
import { failureText } from "../../src/views/failure.view.js";
import { buildOutboxMessage } from "../delivery/helpers.js";
import { startFakeSlack, type FakeSlack } from "../slack/fake-slack.js";
import { buildTeam } from "../support/builders.js";
import { createDataDir } from "../support/db.js";

type LogLine = Record<string, unknown> & { msg?: string };

/** The bot as a process: its JSON log lines as they come, and how it ended. */
function startBot(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  let buffered = "";
  child.stderr.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split("\n");
    buffered = complete.pop() ?? "";
    for (const line of complete) {
      if (!line.trim()) continue;
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        lines.push({ raw: line });
      }
    }
    for (const wake of waiters) wake();
  });
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; at: number }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, at: Date.now() }));
  });
  /** The first log line that matches, once it is written. */
  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 60_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no such log line within ${timeoutMs} ms; got:\n${lines.map((l) => JSON.stringify(l)).join("\n")}`));
      }, timeoutMs);
      const check = () => {
        const found = lines.find(match);
        if (!found) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
      void exited.then(() => setTimeout(check, 0));
    });
  return { child, lines, exited, waitForLog };
}

const batchOf = (prefix: string) => Array.from({ length: 1_000 }, (_, i) => ({ id: `${prefix}-${i}`, email: `lead${i % 100}@example.com`, type: "website_visit" }));
/** In flight when the signal comes. */
const IN_FLIGHT = batchOf("inflight-evt");
/** Sent once the bot is stopping. */
const LATE = batchOf("late-evt");

type Answer = { status: number; body: { accepted: number; duplicates: number; rejected: number } } | { error: string };

/**
 * POST /api/v1/events with `events`, its body sent in two parts: `finish()` sends the rest. Until
 * then the request is in flight on the server (its headers read, its body not).
 */
function postInTwoParts(port: number, key: string, events: unknown[]): { finish(): void; answer: Promise<Answer> } {
  const body = Buffer.from(JSON.stringify({ events }));
  const half = Math.floor(body.length / 2);
  const req = request({
    host: "127.0.0.1",
    port,
    path: "/api/v1/events",
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": String(body.length) },
  });
  const answer = new Promise<Answer>((resolve) => {
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { accepted: number; duplicates: number; rejected: number } }));
    });
    req.on("error", (error) => resolve({ error: `${(error as { code?: string }).code ?? ""} ${error.message}` }));
  });
  req.flushHeaders();
  req.write(body.subarray(0, half));
  return { finish: () => req.end(body.subarray(half)), answer };
}

async function postBatch(port: number, key: string, events: unknown[]): Promise<Answer> {
  const post = postInTwoParts(port, key, events);
  post.finish();
  return post.answer;
}

describe("graceful shutdown of the entry point", () => {
  let dataDir: string;
  let fake: FakeSlack;
  let key: string;
  let teamId: number;
  const MESSAGES = 20;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "leadbot-shutdown-"));
    await createDataDir(dataDir);
    fake = await startFakeSlack();
    const store = await openStore({ dataDir });
    try {
      const team = await buildTeam(store.prisma);
      teamId = team.teamId;
      const created = await createTeamApiKey(team.deps, team.teamId, "shutdown test");
      if (!created.ok) throw new Error(failureText(created.error));
      key = created.value.key;
      // Alerts waiting for one Slack channel: at one message a second, the worker still holds
      // most of them when the signal comes.
      for (let i = 0; i < MESSAGES; i++) await buildOutboxMessage(team, { channel: "C-ALERTS" });
    } finally {
      await store.close();
    }
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const env = () => ({
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    PORT: "0",
    HOST: "127.0.0.1",
    CONSOLE: "off",
    SEED_DEMO: "false",
    LOG_LEVEL: "debug",
    SLACK_BOT_TOKEN: "xoxb-shutdown-test",
    SLACK_SIGNING_SECRET: "shutdown-test-signing-secret",
    SLACK_PORT: "0",
    SLACK_APP_TOKEN: "",
    SLACK_API_URL: fake.apiUrl,
    TELEGRAM_BOT_TOKEN: "",
    METRICS_PORT: "",
    METRICS_TOKEN: "",
  });
  const posts = () => fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "C-ALERTS").length;

  it("finishes the batch in flight, refuses new work, hands claimed messages back, exits 0 and restarts on the same DATA_DIR", async () => {
    const stored = async (store: Awaited<ReturnType<typeof openStore>>, prefix: string) =>
      store.prisma.event.count({ where: { teamId, externalId: { startsWith: `${prefix}-` } } });

    // ---- first run: SIGTERM while a batch is in flight and the outbox worker holds claims ----
    const first = startBot(env());
    const listening = await first.waitForLog((l) => l.msg === "HTTP server listening");
    const port = Number(listening.port);
    await fake.waitFor((c) => c.method === "chat.postMessage", 30_000);
    const inFlight = postInTwoParts(port, key, IN_FLIGHT);
    await first.waitForLog((l) => l.msg === "HTTP request" && l.path === "/api/v1/events");
    const signalledAt = Date.now();
    first.child.kill("SIGTERM");
    const stopping = await first.waitForLog((l) => l.msg === "shutting down: finishing the work in progress");
    expect(stopping.inFlightHttp).toBe(1);
    // Stopping: a new connection is refused (or, racing the close, reset), so nothing of this batch is taken.
    const late = await postBatch(port, key, LATE);
    expect(late).toMatchObject({ error: expect.stringMatching(/ECONNREFUSED|ECONNRESET/) });
    // The batch in flight is read to its end, stored and answered.
    inFlight.finish();
    const [answer, exit] = await Promise.all([inFlight.answer, first.exited]);

    expect(exit.code, first.lines.map((l) => JSON.stringify(l)).join("\n")).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(answer).toMatchObject({ status: 200, body: { accepted: IN_FLIGHT.length, duplicates: 0, rejected: 0 } });
    expect(first.lines.some((l) => l.msg === "stopped")).toBe(true);
    // The lock on DATA_DIR is gone with the process, not left to go stale.
    expect(existsSync(join(dataDir, "leadbot.lock"))).toBe(false);

    const sentBefore = posts();
    const store = await openStore({ dataDir });
    try {
      // All or nothing: the batch answered is stored whole, the one refused not at all.
      expect(await stored(store, "inflight-evt")).toBe(IN_FLIGHT.length);
      expect(await stored(store, "late-evt")).toBe(0);
      const rows = await store.prisma.outbox.findMany({ where: { teamId, channel: "C-ALERTS" } });
      // Nothing claimed is left to its lease: each message is sent (once: the fake saw it once) or due again now.
      expect(rows.filter((r) => r.status === "sending")).toEqual([]);
      expect(rows.filter((r) => r.status === "sent")).toHaveLength(sentBefore);
      const waiting = rows.filter((r) => r.status === "pending");
      expect(waiting.length).toBeGreaterThan(0);
      for (const row of waiting) {
        expect(row.attempts).toBe(0);
        expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
      }
    } finally {
      await store.close();
    }

    // ---- second run on the same DATA_DIR: opens at once; each retried batch is stored exactly once ----
    const second = startBot(env());
    const again = await second.waitForLog((l) => l.msg === "HTTP server listening", 30_000);
    expect(await postBatch(Number(again.port), key, IN_FLIGHT)).toMatchObject({ status: 200, body: { accepted: 0, duplicates: IN_FLIGHT.length } });
    expect(await postBatch(Number(again.port), key, LATE)).toMatchObject({ status: 200, body: { accepted: LATE.length, duplicates: 0 } });
    // The messages handed back go out now, without waiting for a lease.
    await fake.waitFor(() => posts() > sentBefore, 15_000);
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);

    const after = await openStore({ dataDir });
    try {
      expect(await stored(after, "inflight-evt")).toBe(IN_FLIGHT.length);
      expect(await stored(after, "late-evt")).toBe(LATE.length);
      const rows = await after.prisma.outbox.findMany({ where: { teamId, channel: "C-ALERTS" } });
      expect(rows.filter((r) => r.status === "sending")).toEqual([]);
      expect(rows.filter((r) => r.status === "sent")).toHaveLength(posts());
    } finally {
      await after.close();
    }
    console.info(`shutdown: exit ${exit.at - signalledAt} ms after SIGTERM; ${sentBefore} of ${MESSAGES} messages sent before it, the rest handed back`);
  }, 180_000);
});

describe("the shutdown bound", () => {
  const log = pino({ level: "silent" });

  it("runs the phases in order, each phase's steps side by side", async () => {
    const order: string[] = [];
    const step = (name: string, ms: number) => ({
      name,
      stop: async () => {
        order.push(`${name}:start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        order.push(`${name}:end`);
      },
    });
    expect(await shutDown([[step("http", 30), step("outbox", 10)], [step("database", 1)]], { log })).toEqual({ done: true, pending: [] });
    expect(order).toEqual(["http:start", "outbox:start", "outbox:end", "http:end", "database:start", "database:end"]);
  });

  it("gives up after the bound, naming what is still running, and goes on past a step that fails", async () => {
    const started = Date.now();
    const result = await shutDown(
      [
        [
          { name: "stuck", stop: () => new Promise<void>(() => {}) },
          {
            name: "broken",
            stop: async () => {
              throw new Error("no");
            },
          },
        ],
        [{ name: "database", stop: async () => {} }],
      ],
      { log, timeoutMs: 200 },
    );
    expect(result).toEqual({ done: false, pending: ["stuck"] });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
