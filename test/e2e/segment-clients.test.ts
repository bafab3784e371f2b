/**
 * Acceptance: the real Segment and RudderStack Node libraries send to the bot's tracking API
 * through their own batching, gzip (RudderStack) and retry code, with nothing hand-made on the
 * wire. A proxy in front of the bot's real listening port loses the answer to the first request
 * after the bot has stored it (answering 503), so the library really retries the same batch.
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { Analytics as SegmentAnalytics } from "@segment/analytics-node";
import RudderAnalytics from "@rudderstack/rudder-sdk-node";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_HTTP_CONFIG } from "../../src/http/http.config.js";
import { startHttpServer, type HttpHandle } from "../../src/http/server.js";
import { createTeamApiKey } from "../../src/services/api-key.service.js";
import type { StoreHandle } from "../../src/store/client.js";
import { setTeamChannel } from "../../src/store/team.repository.js";
import { failureText } from "../../src/views/failure.view.js";
import { buildTeam, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";

const log = pino({ level: "silent" });

/** The messageIds a batch request carried (RudderStack's library gzips its bodies). */
function messageIds(body: Buffer): string[] {
  const text = body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body).toString("utf8") : body.toString("utf8");
  return (JSON.parse(text) as { batch: Array<{ messageId: string }> }).batch.map((m) => m.messageId);
}

/** What a client calls, the same for both libraries: each call resolves once its batch was delivered (or given up). */
interface Client {
  track(message: Record<string, unknown>): Promise<void>;
  identify(message: Record<string, unknown>): Promise<void>;
  page(message: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

type Callback = (error?: unknown) => void;
type Sender = (message: Record<string, unknown>, callback: Callback) => void;
const delivered = (send: Sender) => (message: Record<string, unknown>) =>
  new Promise<void>((resolve, reject) => send(message, (error?: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve())));

const CLIENTS: Record<string, (writeKey: string, host: string) => Client> = {
  "@segment/analytics-node": (writeKey, host) => {
    const analytics = new SegmentAnalytics({ writeKey, host, flushAt: 2, flushInterval: 50, maxRetries: 3 });
    return {
      track: delivered((m, cb) => analytics.track(m as never, cb)),
      identify: delivered((m, cb) => analytics.identify(m as never, cb)),
      page: delivered((m, cb) => analytics.page(m as never, cb)),
      close: () => analytics.closeAndFlush({ timeout: 5_000 }),
    };
  },
  "@rudderstack/rudder-sdk-node": (writeKey, host) => {
    const analytics = new RudderAnalytics(writeKey, { dataPlaneUrl: host, flushAt: 2, flushInterval: 50, retryCount: 3, logLevel: "error" });
    return {
      track: delivered((m, cb) => analytics.track(m as never, cb)),
      identify: delivered((m, cb) => analytics.identify(m as never, cb)),
      page: delivered((m, cb) => analytics.page(m as never, cb)),
      close: () => analytics.flush(),
    };
  },
};

/** Forwards to the bot; the first request's answer is lost after the bot gave it (503 instead). */
async function losingProxy(target: number): Promise<{ server: Server; url: string; requests: Array<{ path: string; status: number; body: Buffer }> }> {
  const requests: Array<{ path: string; status: number; body: Buffer }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const upstream = request({ host: "127.0.0.1", port: target, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on("data", (c: Buffer) => parts.push(c));
        answer.on("end", () => {
          const first = requests.length === 0;
          requests.push({ path: req.url ?? "", status: answer.statusCode ?? 0, body });
          if (first) {
            res.writeHead(503, { "content-type": "application/json" }).end('{"success":false}');
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(parts));
        });
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe.each(Object.keys(CLIENTS))("%s against the bot", (library) => {
  let store: StoreHandle;
  let team: TeamFixture;
  let bot: HttpHandle;
  let proxy: Awaited<ReturnType<typeof losingProxy>>;
  let client: Client;

  beforeAll(async () => {
    store = await createTestStore("pglite");
  });
  afterAll(async () => {
    await store?.close();
  });
  beforeEach(async () => {
    team = await buildTeam(store.prisma);
    await setTeamChannel(store.store.db, team.teamId, "slack", "C-ALERTS");
    const created = await createTeamApiKey(team.deps, team.teamId, library);
    if (!created.ok) throw new Error(failureText(created.error));
    bot = await startHttpServer({ log, services: team.deps, config: DEFAULT_HTTP_CONFIG, checkDatabase: async () => {} }, 0, "127.0.0.1");
    proxy = await losingProxy(bot.port);
    client = CLIENTS[library]!(created.value.key, proxy.url);
  });
  afterEach(async () => {
    await client.close().catch(() => {});
    await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
    await bot.close();
  });

  it("maps and scores what it sends, counts a retried batch once, merges anonymous activity on identify and alerts once", async () => {
    // A visitor browses anonymously: the pricing page and a demo request, in one batch. The
    // proxy loses the bot's answer to it, so the library sends the same batch again.
    await Promise.all([
      client.page({ anonymousId: "visitor-1", name: "Pricing", properties: { path: "/pricing", url: "https://acme.example/pricing" } }),
      client.track({ anonymousId: "visitor-1", event: "Demo Requested", properties: { size: "50-100" } }),
    ]);
    const batches = proxy.requests.filter((r) => r.path === "/v1/batch");
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(batches[0]!.status).toBe(200); // the bot stored it; only its answer was lost
    // The retry is the same batch (same messageIds), answered as duplicates.
    expect(messageIds(batches[1]!.body)).toEqual(messageIds(batches[0]!.body));
    expect(batches[1]!.status).toBe(200);
    expect(await store.prisma.anonymousEvent.count({ where: { teamId: team.teamId } })).toBe(2);
    expect(await store.prisma.lead.count({ where: { teamId: team.teamId } })).toBe(0);

    // They fill in a form: identify links the anonymous id, and the lead gets the earlier activity.
    await Promise.all([
      client.identify({ userId: "user-1", anonymousId: "visitor-1", traits: { email: "ana@acme.example", name: "Ana Novak", company: "Acme", title: "CTO", employees: 120 } }),
      client.track({ userId: "user-1", event: "Newsletter Subscribed" }),
    ]);
    const lead = await store.prisma.lead.findFirstOrThrow({ where: { teamId: team.teamId, externalId: "user-1" } });
    expect(lead).toMatchObject({ name: "Ana Novak", email: "ana@acme.example", company: "Acme", title: "CTO", attributes: { employees: 120 } });
    // pricing_page 15 + demo_request 40 + newsletter_signup 5, the retried batch counted once
    expect(lead.score).toBe(60);
    const events = await store.prisma.event.findMany({ where: { leadId: lead.id }, orderBy: { occurredAt: "asc" } });
    expect(events.map((e) => e.type).sort()).toEqual(["demo_request", "newsletter_signup", "pricing_page"]);
    expect(await store.prisma.anonymousEvent.count({ where: { teamId: team.teamId } })).toBe(0);
    // The lead crossed the hot threshold (60): one alert, however the messages were batched and retried.
    expect(await store.prisma.outbox.count({ where: { teamId: team.teamId, kind: "alert" } })).toBe(1);

    // More activity while hot alerts no more; a page with only the anonymous id reaches the lead.
    await client.page({ anonymousId: "visitor-1", properties: { path: "/careers/sales" } });
    await client.track({ userId: "user-1", event: "Webinar Attended" });
    const after = await store.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(after.score).toBe(60 - 10 + 15);
    expect(await store.prisma.outbox.count({ where: { teamId: team.teamId, kind: "alert" } })).toBe(1);
    const sources = await store.prisma.trackingSource.findMany({ where: { teamId: team.teamId } });
    expect(sources).toHaveLength(1);
    expect(sources[0]!.messages).toBe(6);
  });
});
