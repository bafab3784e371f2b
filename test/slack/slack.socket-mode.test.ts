import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoreHandle } from "../../src/store/client.js";
import { startSlack, type SlackHandle } from "../../src/platforms/slack/slack.app.js";
import { serviceDeps, testClock } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import { eventCallback, newWorkspace, slackUser, slashCommandBody, startFakeSlack, userChangeEvent, type FakeSlack } from "./fake-slack.js";

const APP_TOKEN = "xapp-1-A0LEADBOT-test";

describe("Slack transport in Socket Mode", () => {
  let store: StoreHandle;
  let fake: FakeSlack;
  let slack: SlackHandle;

  beforeAll(async () => {
    store = await createTestStore("pglite");
    fake = await startFakeSlack();
    slack = await startSlack({
      deps: serviceDeps(store, testClock().clock),
      log: pino({ level: "silent" }),
      config: { mode: "socket", botToken: "xoxb-test-token", appToken: APP_TOKEN, apiUrl: fake.apiUrl },
    });
  });
  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
    await store?.close();
  });

  it("connects with the app token and listens on no port", async () => {
    await fake.socketConnected();
    expect(fake.callsTo("apps.connections.open")[0]?.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(slack.port).toBeUndefined();
  });

  it("acknowledges a slash command on the socket at once and answers through response_url", async () => {
    await fake.socketConnected();
    const user = slackUser(newWorkspace(), "sam");
    const responseUrl = fake.responseUrl();
    const payload = Object.fromEntries(
      new URLSearchParams(slashCommandBody({ user, command: "/lead", text: 'add "Jana Novak" company=Acme', channel: "C0SALES01", responseUrl, triggerId: "t1" })),
    );
    const started = Date.now();
    fake.sendEnvelope({ envelope_id: "envelope-1", type: "slash_commands", accepts_response_payload: true, payload });

    const ack = await fake.waitFor((c) => c.method === "socket.ack" && c.body.envelope_id === "envelope-1");
    expect(ack.at - started).toBeLessThan(3000);
    const answer = await fake.answerAt(responseUrl, 1, 20_000);
    expect(answer.body).toMatchObject({ response_type: "in_channel" });
    expect(String(answer.body.text)).toMatch(/Added #\d+ Jana Novak \(Acme\)/);
    expect(await store.prisma.lead.count({ where: { name: "Jana Novak" } })).toBe(1);
  });

  it("routes user_change from the socket: someone deactivated in Slack leaves the team", async () => {
    await fake.socketConnected();
    const user = slackUser(newWorkspace(), "dee");
    const responseUrl = fake.responseUrl();
    const payload = Object.fromEntries(new URLSearchParams(slashCommandBody({ user, command: "/help", text: "", channel: "C0SALES01", responseUrl, triggerId: "t2" })));
    fake.sendEnvelope({ envelope_id: "envelope-2", type: "slash_commands", accepts_response_payload: true, payload });
    await fake.answerAt(responseUrl, 1, 20_000);

    fake.sendEnvelope({ envelope_id: "envelope-3", type: "events_api", accepts_response_payload: false, payload: eventCallback(userChangeEvent(user, { deleted: true }), user.team.id) });
    await fake.waitFor((c) => c.method === "socket.ack" && c.body.envelope_id === "envelope-3");
    const status = async () => (await store.prisma.member.findFirstOrThrow({ where: { platform: "slack", externalId: user.id } })).status;
    for (let i = 0; i < 100 && (await status()) !== "removed"; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await status()).toBe("removed");
  });
});
