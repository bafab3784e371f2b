/**
 * GET /metrics after real work: an HTTP ingestion batch, commands through the router, an outbox
 * round against a fake sender and a job run, each recorded in a registry of the test's own and
 * read back from the Prometheus text a scrape answers.
 */
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleLine } from "../../commands/index.js";
import { commandRouter } from "../../src/chat/router.js";
import { reply } from "../../src/chat/reply.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { DeliveryError, type Sender } from "../../src/delivery/delivery-error.js";
import { deliverDue } from "../../src/delivery/outbox.worker.js";
import { startMetricsServer, type MetricsServer } from "../../src/http/metrics.routes.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { silentLog } from "../../src/jobs/job-log.js";
import { startJobs } from "../../src/jobs/scheduler.js";
import { Metrics } from "../../src/metrics/metrics.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import type { ServiceDeps } from "../../src/services/deps.js";
import { outboxBacklogAll } from "../../src/services/outbox.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { failureText } from "../../src/views/failure.view.js";
import { advance, buildOutboxMessage, virtualTime } from "../delivery/helpers.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { sample } from "../support/scrape.js";

const TOKEN = "metrics-token-0123456789";
const silent = pino({ level: "silent" });

/** A logger whose JSON lines the test reads. */
function capturedLog() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: "debug" }, stream), lines };
}

describe("metrics", () => {
  let store: StoreHandle;
  let team: TeamFixture;
  let metrics: Metrics;
  let deps: ServiceDeps;
  const servers: Array<HttpHandle | MetricsServer> = [];

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    metrics = new Metrics({ now: team.time.clock });
    deps = { ...team.deps, metrics };
    metrics.watchOutbox(() => outboxBacklogAll(deps));
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  const scrapeText = async () => (await metrics.scrape()).body;

  describe("over HTTP", () => {
    let api: HttpHandle;
    let key: string;
    const url = (path: string, server: { port: number } = api) => `http://127.0.0.1:${server.port}${path}`;

    beforeEach(async () => {
      const created = await createTeamApiKey(deps, team.teamId, "metrics");
      if (!created.ok) throw new Error(failureText(created.error));
      key = created.value.key;
      api = await startHttpServer({ log: silent, services: deps, checkDatabase: async () => {}, metricsToken: TOKEN }, 0, "127.0.0.1");
      servers.push(api);
    });

    it("counts a mixed batch's items by result and reason code, and the requests by route and status", async () => {
      const batch = [
        { id: "m-1", email: "ana@example.com", type: "website_visit" },
        { id: "m-1", email: "ana@example.com", type: "website_visit" },
        { id: "m-2", type: "website_visit" },
        { id: "m-3", email: "bo@example.com", type: "demo_request", occurredAt: "2099-01-01T00:00:00Z" },
        "not an object",
        { id: "m-4", email: "cy@example.com", type: "demo_request" },
      ];
      const res = await fetch(url("/api/v1/events"), {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-request-id": "req-mixed-1" },
        body: JSON.stringify({ events: batch }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toBe("req-mixed-1");
      const body = (await res.json()) as { results: Array<{ status: string; code?: string }> };
      expect(body.results.map((r) => [r.status, r.code])).toEqual([
        ["accepted", undefined],
        ["duplicate", undefined],
        ["rejected", "no_identity"],
        ["rejected", "bad_date"],
        ["rejected", "not_object"],
        ["accepted", undefined],
      ]);
      expect((await fetch(url("/api/v1/events"), { method: "POST", body: "{}" })).status).toBe(401);

      const scrape = await fetch(url("/metrics"), { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(scrape.status).toBe(200);
      expect(scrape.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await scrape.text();
      const items = (result: string, reason = "") => sample(text, "leadbot_ingest_items_total", { endpoint: "events", result, reason });
      expect(items("accepted")).toBe(2);
      expect(items("duplicate")).toBe(1);
      expect(items("rejected", "no_identity")).toBe(1);
      expect(items("rejected", "bad_date")).toBe(1);
      expect(items("rejected", "not_object")).toBe(1);
      expect(sample(text, "leadbot_http_requests_total", { route: "/api/v1/events", status: "200" })).toBe(1);
      expect(sample(text, "leadbot_http_requests_total", { route: "/api/v1/events", status: "401" })).toBe(1);
      expect(sample(text, "leadbot_http_request_duration_seconds_count", { route: "/api/v1/events" })).toBe(2);
      // The batch's accepted events re-scored their leads in its transaction.
      expect(sample(text, "leadbot_rescore_duration_seconds_count", { trigger: "ingest" })).toBe(1);
      // An unknown path is "other", whatever was asked for.
      await fetch(url("/wp-admin/install.php"));
      expect(sample(await scrapeText(), "leadbot_http_requests_total", { route: "other", status: "404" })).toBe(1);
    });

    it("refuses a scrape without the token, or with a wrong one", async () => {
      const missing = await fetch(url("/metrics"));
      expect(missing.status).toBe(401);
      expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await missing.text()).not.toMatch(/leadbot_/);
      expect((await fetch(url("/metrics"), { headers: { authorization: "Bearer metrics-token-0123456780" } })).status).toBe(401);
      expect((await fetch(url("/metrics"), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    });

    it("does not serve /metrics on PORT without a token", async () => {
      const open = await startHttpServer({ log: silent, services: deps, checkDatabase: async () => {} }, 0, "127.0.0.1");
      servers.push(open);
      expect((await fetch(url("/metrics", open))).status).toBe(404);
    });

    it("serves /metrics alone on a port of its own, behind the token when one is set", async () => {
      const own = await startMetricsServer({ metrics, token: null, log: silent }, 0, "127.0.0.1");
      const guarded = await startMetricsServer({ metrics, token: TOKEN, log: silent }, 0, "127.0.0.1");
      servers.push(own, guarded);
      const scrape = await fetch(url("/metrics", own));
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toMatch(/^# HELP leadbot_commands_total/m);
      expect((await fetch(url("/api/v1/events", own), { method: "POST" })).status).toBe(404);
      expect((await fetch(url("/metrics", guarded))).status).toBe(401);
      expect((await fetch(url("/metrics", guarded), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    });
  });

  it("counts commands through the router by name and outcome, with latency, and ties each one's log lines by commandId", async () => {
    const { log, lines } = capturedLog();
    const ctx = { deps, actor: team.manager };
    const answers = [
      await handleLine("/lead list", ctx, log),
      await handleLine("/lead status", ctx, log),
      await handleLine("/nonsense", ctx, log),
      await handleLine("just words", ctx, log),
    ];
    expect(answers.map((a) => a.tone)).toEqual(["ok", "usage", "usage", "usage"]);
    const boom = commandRouter([
      {
        name: "boom",
        run: async () => {
          throw new Error("a bug");
        },
      },
      { name: "nope", run: async () => reply([{ type: "text", text: "Managers only." }], { tone: "refused" }) },
    ]);
    expect((await boom("/boom", ctx, log)).tone).toBe("error");
    expect((await boom("/nope", ctx, log)).tone).toBe("refused");

    const text = await scrapeText();
    const commands = (command: string, outcome: string) => sample(text, "leadbot_commands_total", { command, outcome });
    expect(commands("lead", "ok")).toBe(1);
    expect(commands("lead", "usage")).toBe(1);
    expect(commands("unknown", "usage")).toBe(1);
    expect(commands("none", "usage")).toBe(1);
    expect(commands("boom", "failed")).toBe(1);
    expect(commands("nope", "refused")).toBe(1);
    expect(sample(text, "leadbot_command_duration_seconds_count", { command: "lead" })).toBe(2);
    expect(sample(text, "leadbot_command_duration_seconds_bucket", { command: "lead", le: "+Inf" })).toBe(2);
    // What was typed never becomes a label.
    expect(text).not.toMatch(/nonsense|just words/);

    const failed = lines.find((l) => l.msg === "command failed");
    expect(failed?.commandId).toEqual(expect.any(String));
    const answered = lines.filter((l) => l.msg === "command answered" && l.commandId === failed?.commandId);
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ command: "boom", outcome: "failed" });
    expect(new Set(lines.filter((l) => l.msg === "command answered").map((l) => l.commandId)).size).toBe(6);
  });

  it("reports a delivery round by platform and result, the 429s, and the outbox depth and oldest age", async () => {
    await buildOutboxMessage(team, { channel: "C-OK" });
    await buildOutboxMessage(team, { channel: "C-BUSY" });
    advance(team, 90_000);
    let text = await scrapeText();
    expect(sample(text, "leadbot_outbox_depth", { platform: "slack", status: "pending" })).toBe(2);
    expect(sample(text, "leadbot_outbox_oldest_age_seconds", { platform: "slack" })).toBe(90);

    // A fake Slack: one channel takes the message, the other answers 429 with Retry-After.
    const sender: Sender = {
      async send(channel) {
        if (channel === "C-BUSY") throw new DeliveryError("retryable", "ratelimited", 30_000);
      },
    };
    const report = await deliverDue(deps, { slack: sender }, team.time.clock(), 10, virtualTime(team));
    expect(report).toMatchObject({ claimed: 2, sent: 1, retried: 1 });

    text = await scrapeText();
    expect(sample(text, "leadbot_outbox_deliveries_total", { platform: "slack", result: "sent" })).toBe(1);
    expect(sample(text, "leadbot_outbox_deliveries_total", { platform: "slack", result: "retried" })).toBe(1);
    expect(sample(text, "leadbot_outbox_rate_limited_total", { platform: "slack" })).toBe(1);
    expect(sample(text, "leadbot_outbox_send_duration_seconds_count", { platform: "slack" })).toBe(2);
    expect(sample(text, "leadbot_outbox_depth", { platform: "slack", status: "pending" })).toBe(1);
    expect(sample(text, "leadbot_outbox_depth", { platform: "slack", status: "sending" })).toBeUndefined();
  });

  it("still answers a scrape when the outbox cannot be read, without its gauges", async () => {
    const errors: unknown[] = [];
    const broken = new Metrics({ onCollectError: (error) => errors.push(error) });
    broken.watchOutbox(async () => {
      throw new Error("database gone");
    });
    const { body } = await broken.scrape();
    expect(sample(body, "leadbot_outbox_depth", { platform: "slack", status: "pending" })).toBeUndefined();
    expect(body).toMatch(/^# TYPE leadbot_commands_total counter/m);
    expect(errors).toHaveLength(1);
  });

  it("counts job runs by job and outcome, with their durations", async () => {
    const jobs = startJobs({ deps, log: silentLog, options: { digest: false } });
    await jobs.startup;
    await jobs.stop();
    const text = await scrapeText();
    expect(sample(text, "leadbot_job_runs_total", { job: "rescore-due-leads", outcome: "ok" })).toBe(1);
    expect(sample(text, "leadbot_job_duration_seconds_count", { job: "rescore-due-leads" })).toBe(1);
    expect(sample(text, "leadbot_job_last_success_timestamp_seconds", { job: "rescore-due-leads" })).toBeGreaterThan(0);
    // The daily retention of anonymous activity runs at start-up too, and is counted like the others.
    expect(sample(text, "leadbot_job_runs_total", { job: "anonymous-retention", outcome: "ok" })).toBe(1);
    expect(sample(text, "leadbot_job_duration_seconds_count", { job: "anonymous-retention" })).toBe(1);
    expect(sample(text, "leadbot_job_runs_total", { job: "digest-check", outcome: "ok" })).toBeUndefined();
  });

  describe("configuration", () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return "";
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
        throw error;
      }
    };

    it("serves nothing unless METRICS_PORT or METRICS_TOKEN is set", () => {
      expect(loadConfig({}).metrics).toEqual({ port: null, token: null });
      expect(loadConfig({ METRICS_TOKEN: TOKEN }).metrics).toEqual({ port: null, token: TOKEN });
      expect(loadConfig({ METRICS_PORT: "9464", METRICS_TOKEN: "" }).metrics).toEqual({ port: 9464, token: null });
    });

    it("refuses a short token and a port another server takes", () => {
      expect(problems({ METRICS_TOKEN: "short" })).toMatch(/METRICS_TOKEN: METRICS_TOKEN must be at least 16 characters/);
      expect(problems({ METRICS_PORT: "3000" })).toMatch(/METRICS_PORT: 3000 is already PORT/);
      expect(problems({ METRICS_PORT: "8080", PORT: "8080" })).toMatch(/METRICS_PORT: 8080 is already PORT/);
      expect(problems({ METRICS_PORT: "3002" })).toBe("");
      expect(problems({ METRICS_PORT: "3002", TELEGRAM_BOT_TOKEN: "123456789:AAEabcdefghijklmnopqrstuvwxyz", TELEGRAM_WEBHOOK_URL: "https://x.example/h" })).toMatch(
        /METRICS_PORT: 3002 is already TELEGRAM_WEBHOOK_PORT/,
      );
    });
  });
});
