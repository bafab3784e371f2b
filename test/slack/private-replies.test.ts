/**
 * Private replies (a new API key) through the real Bolt HTTP receiver, signed as Slack signs:
 * whichever way the request came (slash command, a button on a channel message, a modal
 * submission), the key reaches only the person, by an ephemeral answer or their DM, and never
 * through chat.postMessage to a channel.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoreHandle } from "../../src/store/client.js";
import { RUN_ACTION_PREFIX } from "../../src/platforms/slack/block-kit.render.js";
import { FORM_CALLBACK_ID } from "../../src/platforms/slack/modal.render.js";
import { startSlack, type SlackHandle } from "../../src/platforms/slack/slack.app.js";
import { serviceDeps, testClock } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { blockActionBody, newWorkspace, sendToApp, slackUser, slashCommandBody, startFakeSlack, viewSubmissionBody, type FakeSlack, type RecordedCall, type SlackUser } from "./fake-slack.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const CHANNEL = "C0SALES01";
const KEY = /lsk_[A-Za-z0-9_-]{20,}/;
const log = pino({ level: "silent" });

let store: StoreHandle;
let fake: FakeSlack;
let slack: SlackHandle;
let admin: SlackUser;
let triggers = 0;
const trigger = () => `${Date.now()}.${++triggers}.trigger`;

beforeAll(async () => {
  store = await createTestStore("pglite");
  fake = await startFakeSlack();
  slack = await startSlack({ deps: serviceDeps(store, testClock().clock), log, config: { mode: "http", botToken: "xoxb-test", signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0 } });
  admin = slackUser(newWorkspace(), "ada");
  // The first person in a workspace is its admin.
  const first = fake.responseUrl();
  await sendToApp(slack.port!, slashCommandBody({ user: admin, command: "/help", text: "", channel: CHANNEL, responseUrl: first, triggerId: trigger() }), { secret: SECRET });
  // Generous: the workspace's first command sets up its team, slow on a busy machine.
  await fake.answerAt(first, 1, 20_000);
});
afterAll(async () => {
  await slack?.stop();
  await fake?.close();
  await store?.close();
});

/** Posts others can read: chat.postMessage to anything but the person's own DM, and in_channel answers. */
function sharedPosts(calls: RecordedCall[], user: SlackUser): RecordedCall[] {
  return calls.filter(
    (c) =>
      (c.method === "chat.postMessage" && c.body.channel !== user.id && !String(c.body.channel).startsWith("D")) ||
      (c.method === "respond" && c.body.response_type === "in_channel") ||
      c.method === "chat.update",
  );
}
/** Where the person alone saw it: an ephemeral answer, an ephemeral message, their DM. */
function privateTexts(calls: RecordedCall[], user: SlackUser): string[] {
  return calls
    .filter(
      (c) =>
        (c.method === "respond" && c.body.response_type !== "in_channel") ||
        (c.method === "chat.postEphemeral" && c.body.user === user.id) ||
        (c.method === "chat.postMessage" && (c.body.channel === user.id || String(c.body.channel).startsWith("D"))),
    )
    .map((c) => JSON.stringify(c.body));
}
const keyCount = () => store.prisma.apiKey.count();

async function settle(from: number, done: (calls: RecordedCall[]) => boolean): Promise<RecordedCall[]> {
  await fake.waitFor(() => done(fake.calls.slice(from)), 10_000);
  return fake.calls.slice(from);
}

describe("private replies in Slack", () => {
  it("answers /admin apikey create in a channel ephemerally, never in the channel", async () => {
    const from = fake.calls.length;
    const responseUrl = fake.responseUrl();
    await sendToApp(slack.port!, slashCommandBody({ user: admin, command: "/admin", text: "apikey create website", channel: CHANNEL, responseUrl, triggerId: trigger() }), { secret: SECRET });
    const calls = await settle(from, (c) => c.some((x) => x.method === "respond"));
    expect(sharedPosts(calls, admin).filter((c) => JSON.stringify(c.body).includes("lsk_"))).toEqual([]);
    expect(privateTexts(calls, admin).join("\n")).toMatch(KEY);
    expect((await fake.answerAt(responseUrl)).body.response_type).toBe("ephemeral");
  });

  it("answers a key created by a button on a channel message ephemerally", async () => {
    const from = fake.calls.length;
    const before = await keyCount();
    const body = blockActionBody({
      user: admin,
      button: { action_id: `${RUN_ACTION_PREFIX}0`, value: "/admin apikey create from-button" },
      channel: CHANNEL,
      responseUrl: fake.responseUrl(),
      triggerId: trigger(),
      ephemeral: false,
    });
    await sendToApp(slack.port!, body, { secret: SECRET });
    const calls = await settle(from, (c) => c.some((x) => x.method === "respond"));
    expect(sharedPosts(calls, admin).filter((c) => JSON.stringify(c.body).includes("lsk_"))).toEqual([]);
    expect(privateTexts(calls, admin).join("\n")).toMatch(KEY);
    expect(await keyCount()).toBe(before + 1);
  });

  it.each([
    ["posts it ephemerally in the channel", []],
    ["sends it to the DM when the app may not post in the channel", [{ body: { ok: false, error: "not_in_channel" } }]],
  ])("from a modal submission without a response_url, %s", async (_case, ephemeralAnswers) => {
    if (ephemeralAnswers.length) fake.script("chat.postEphemeral", ...ephemeralAnswers);
    const from = fake.calls.length;
    const body = viewSubmissionBody({
      user: admin,
      view: { callback_id: FORM_CALLBACK_ID, private_metadata: JSON.stringify({ submit: "/admin apikey create from-modal", channel: CHANNEL }) },
      values: {},
      triggerId: trigger(),
    });
    expect((await sendToApp(slack.port!, body, { secret: SECRET })).status).toBe(200);
    const calls = await settle(from, (c) => privateTexts(c, admin).some((t) => KEY.test(t)));
    expect(sharedPosts(calls, admin).filter((c) => JSON.stringify(c.body).includes("lsk_"))).toEqual([]);
  });
});
