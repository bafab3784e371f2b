/**
 * The Slack sender against the fake Slack Web API, through the outbox worker: what Slack
 * answers decides between sent, retried later (honouring Retry-After) and failed for good.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reply } from "../../src/chat/reply.js";
import { deliverDue } from "../../src/delivery/outbox.worker.js";
import { createSlackDeliveryClient, slackSender } from "../../src/platforms/slack/slack.outbox.js";
import type { Sender } from "../../src/delivery/delivery-error.js";
import { systemClock } from "../../src/services/clock.js";
import type { StoreHandle } from "../../src/store/client.js";
import { startFakeSlack, type FakeSlack } from "../slack/fake-slack.js";
import { buildTeam, serviceDeps, type TeamFixture } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { advance, buildOutboxMessage, virtualTime } from "./helpers.js";

let fake: FakeSlack;
let store: StoreHandle;
let team: TeamFixture;
let sender: Sender;

beforeAll(async () => {
  fake = await startFakeSlack();
  sender = slackSender(createSlackDeliveryClient({ token: "xoxb-test", apiUrl: fake.apiUrl }));
});
afterAll(async () => fake?.close());
beforeEach(async () => {
  store = await createTestStore("pglite");
  team = await buildTeam(store.prisma);
  fake.calls.length = 0;
});
afterEach(async () => store?.close());

const posts = (channel: string) => fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);
const row = (id: number) => store.prisma.outbox.findUniqueOrThrow({ where: { id } });
const drain = (options = virtualTime(team)) => deliverDue(team.deps, { slack: sender }, team.time.clock(), 10, options);

describe("Slack delivery", () => {
  it("posts the alert as Block Kit with a text fallback", async () => {
    const message = await buildOutboxMessage(team, { channel: "C-ALERTS" });
    expect(await drain()).toMatchObject({ sent: 1 });
    const [post] = posts("C-ALERTS");
    expect(post!.body.text).toContain("Lead");
    expect(JSON.stringify(post!.body.blocks)).toContain("Claim");
    expect((await row(message.id)).status).toBe("sent");
  });

  it("delivers exactly once when the API fails 3 times and then succeeds", async () => {
    const message = await buildOutboxMessage(team, { channel: "C-FLAKY" });
    fake.script(
      "chat.postMessage",
      { status: 500, body: { ok: false } },
      { status: 503, body: "upstream connect error" },
      { body: { ok: false, error: "service_unavailable" } },
    );
    for (let i = 0; i < 6; i += 1) {
      await drain();
      advance(team, 3_600_000);
    }
    expect(posts("C-FLAKY")).toHaveLength(4);
    expect(await row(message.id)).toMatchObject({ status: "sent", attempts: 4 });
  });

  it("honours a 429's Retry-After before posting again", async () => {
    const message = await buildOutboxMessage(team, { channel: "C-BUSY" });
    fake.script("chat.postMessage", { status: 429, headers: { "retry-after": "7" }, body: { ok: false, error: "ratelimited" } });
    const options = virtualTime(team);
    const start = team.time.clock().getTime();
    expect(await drain(options)).toMatchObject({ retried: 1 });
    expect((await row(message.id)).nextAttemptAt.getTime()).toBe(start + 7000);
    advance(team, 6999);
    expect((await drain(options)).claimed).toBe(0);
    advance(team, 1);
    expect(await drain(options)).toMatchObject({ sent: 1 });
    expect(posts("C-BUSY")).toHaveLength(2);
  });

  it.each(["channel_not_found", "not_in_channel", "is_archived", "invalid_blocks"])("fails at once when Slack answers %s", async (error) => {
    const message = await buildOutboxMessage(team, { channel: `C-${error}` });
    fake.script("chat.postMessage", { body: { ok: false, error } });
    expect(await drain()).toMatchObject({ failed: 1 });
    advance(team, 86_400_000);
    await drain();
    expect(posts(`C-${error}`)).toHaveLength(1);
    expect(await row(message.id)).toMatchObject({ status: "failed", attempts: 1, lastError: `slack: ${error}` });
  });

  it("retries when Slack cannot be reached at all", async () => {
    const unreachable = slackSender(createSlackDeliveryClient({ token: "xoxb-test", apiUrl: "http://127.0.0.1:9/api/", timeoutMs: 2000 }));
    const message = await buildOutboxMessage(team);
    expect(await deliverDue(team.deps, { slack: unreachable }, team.time.clock(), 10, virtualTime(team))).toMatchObject({ retried: 1 });
    expect(await row(message.id)).toMatchObject({ status: "pending", lastError: expect.stringContaining("slack unreachable") });
  });

  it("sends a reply's files after its words, to the same channel", async () => {
    const chart = { filename: "trend.png", contentType: "image/png", data: new Uint8Array([137, 80, 78, 71]), title: "Score trend" };
    await sender.send("C-FILES", { ...reply([{ type: "text", text: "This week's trend" }]), attachments: [chart] });
    const methods = fake.calls.map((c) => c.method).filter((m) => m === "chat.postMessage" || m.startsWith("file"));
    expect(methods).toEqual(["chat.postMessage", "files.getUploadURLExternal", "file.upload", "files.completeUploadExternal"]);
    expect(fake.uploads()).toContainEqual(expect.objectContaining({ channelId: "C-FILES", filename: "trend.png", title: "Score trend" }));
  });

  it("counts a file the channel refuses as a refused message", async () => {
    fake.script("files.completeUploadExternal", { body: { ok: false, error: "not_in_channel" } });
    const chart = { filename: "trend.png", contentType: "image/png", data: new Uint8Array([1]) };
    const sent = sender.send("C-NOFILES", { ...reply([{ type: "text", text: "Trend" }]), attachments: [chart] });
    await expect(sent).rejects.toMatchObject({ name: "DeliveryError", kind: "refused", unreachable: expect.stringContaining("not in the channel") });
  });

  it("spaces three messages to one channel at least a second apart (real time)", async () => {
    for (let i = 0; i < 3; i += 1) await buildOutboxMessage(team, { channel: "C-PACED", nextAttemptAt: new Date(Date.now() - 1000) });
    await deliverDue(serviceDeps(store, systemClock), { slack: sender }, new Date(), 10);
    const at = posts("C-PACED").map((c) => c.at);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(950);
  });
});
