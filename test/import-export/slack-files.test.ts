/**
 * Files over Slack, end to end: the real Bolt receiver, signed requests, and the fake Slack
 * speaking files.getUploadURLExternal → upload URL → files.completeUploadExternal, and serving
 * private downloads that need the bot token.
 */
import { parse as parseCsv } from "csv-parse/sync";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoreHandle } from "../../src/store/client.js";
import { startSlack, type SlackHandle } from "../../src/transports/slack/slack.app.js";
import { testClock } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import {
  fileShareEvent,
  newWorkspace,
  sendEventToApp,
  sendToApp,
  slackUser,
  slashCommandBody,
  startFakeSlack,
  type FakeSlack,
  type SlackUser,
} from "../slack/fake-slack.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const CHANNEL = "C0SALES01";
const csvFile = (text: string) => new TextEncoder().encode(text);

describe("Slack: files in and out", () => {
  let store: StoreHandle;
  let fake: FakeSlack;
  let slack: SlackHandle;

  beforeAll(async () => {
    store = await createTestStore("pglite");
    fake = await startFakeSlack();
    slack = await startSlack({
      deps: { db: store.prisma, clock: testClock().clock },
      log: pino({ level: "silent" }),
      config: { mode: "http", botToken: "xoxb-test-token", signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0 },
    });
  });
  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
    await store?.close();
  });

  async function ask(user: SlackUser, line: string) {
    const [, command, text] = /^(\/\S+)\s*([\s\S]*)$/.exec(line)!;
    const responseUrl = fake.responseUrl();
    const body = slashCommandBody({ user, command: command!, text: text!, channel: CHANNEL, responseUrl, triggerId: `${Date.now()}.trigger` });
    expect((await sendToApp(slack.port!, body, { secret: SECRET })).status).toBe(200);
    return (await fake.answerAt(responseUrl, 1, 20_000)).body as { text: string; response_type?: string };
  }

  /** Shares files in a conversation with a message, and waits for the bot's answer there. */
  async function share(user: SlackUser, p: { channel: string; channelType: "im" | "channel"; text: string; files: ReturnType<FakeSlack["hostFile"]>[] }) {
    const from = fake.calls.length;
    const sent = await sendEventToApp(slack.port!, fileShareEvent({ user, ...p }), { secret: SECRET, teamId: user.team.id });
    expect(sent.status).toBe(200);
    const answer = await fake.waitFor((c) => fake.calls.indexOf(c) >= from && (c.method === "chat.postMessage" || c.method === "chat.postEphemeral") && c.body.channel === p.channel, 20_000);
    return { method: answer.method, text: String(answer.body.text), calls: fake.calls.slice(from) };
  }

  async function teamOf(user: SlackUser) {
    return (await store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "slack", externalId: user.team.id } } })).teamId;
  }

  it("/lead export csv uploads the file to the channel through the upload URL", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    await ask(ann, '/lead add "Jana Novak" email=jana@acme.example company="Acme, Inc"');
    await ask(ann, "/lead add Bob email=bob@beta.example title=Consultant");
    const answer = await ask(ann, "/lead export csv");
    expect(answer.text).toMatch(/Here are 2 leads as CSV: leads-2026-06-01\.csv/);

    const uploaded = await fake.waitFor((c) => c.method === "files.completeUploadExternal", 20_000);
    const order = fake.calls.filter((c) => c.method.startsWith("file")).map((c) => c.method);
    expect(order.slice(-3)).toEqual(["files.getUploadURLExternal", "file.upload", "files.completeUploadExternal"]);
    expect(uploaded.body.channel_id).toBe(CHANNEL);
    const [file] = fake.uploads().filter((u) => u.channelId === CHANNEL);
    expect(file).toMatchObject({ filename: "leads-2026-06-01.csv", title: "2 leads (CSV)" });
    const [header, ...rows] = parseCsv(file!.data.toString("utf8"), { bom: true }) as string[][];
    expect(header!.slice(0, 6)).toEqual(["id", "name", "email", "phone", "company", "title"]);
    expect(rows.map((r) => [r[1], r[2], r[4]]).sort()).toEqual([
      ["Bob", "bob@beta.example", ""],
      ["Jana Novak", "jana@acme.example", "Acme, Inc"],
    ]);
  });

  it("sends the export in a direct message when the bot may not post in the channel", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    await ask(ann, "/lead add Zed email=zed@example.com");
    fake.script("files.completeUploadExternal", { body: { ok: false, error: "not_in_channel" } });
    await ask(ann, "/lead export xlsx");
    const opened = await fake.waitFor((c) => c.method === "conversations.open" && c.body.users === ann.id);
    expect(opened).toBeDefined();
    await fake.waitFor(() => fake.uploads().some((u) => u.channelId === `D${ann.id.slice(1)}`));
    const file = fake.uploads().find((u) => u.channelId === `D${ann.id.slice(1)}`)!;
    expect(file.filename).toMatch(/\.xlsx$/);
    expect(file.data.subarray(0, 2).toString()).toBe("PK");
  });

  it("imports a file shared in a channel with /lead import, downloading it with the bot token", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    fake.knowUser(ann.id, "Ann Admin");
    const hosted = fake.hostFile(csvFile("Name,Email,Company\nJana,jana@acme.example,Acme\nBad,not-an-email,X\nOla,ola@example.com,\n"), { name: "leads.csv", mimetype: "text/csv" });
    const answer = await share(ann, { channel: CHANNEL, channelType: "channel", text: "/lead import", files: [hosted] });
    expect(answer.method).toBe("chat.postMessage");
    expect(answer.text).toMatch(/Imported leads\.csv: 2 new leads, 0 updated, 1 row rejected/);
    expect(answer.text).toMatch(/row 3: email is not a valid email address/);
    const download = answer.calls.find((c) => c.method === "file.download")!;
    expect(download.headers.authorization).toBe("Bearer xoxb-test-token");
    const teamId = await teamOf(ann);
    expect((await store.prisma.lead.findMany({ where: { teamId }, orderBy: { name: "asc" } })).map((l) => l.name)).toEqual(["Jana", "Ola"]);
    expect(await store.prisma.member.findFirst({ where: { teamId, externalId: ann.id } })).toMatchObject({ displayName: "Ann Admin" });
  });

  it("imports a CSV sent in a direct message without any text, and ignores files shared without the command in channels", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    const dmChannel = `D${ann.id.slice(1)}`;
    const file = fake.hostFile(csvFile("email\nsolo@example.com\n"), { name: "one.csv", mimetype: "text/csv" });
    const answer = await share(ann, { channel: dmChannel, channelType: "im", text: "", files: [file] });
    expect(answer.text).toMatch(/Imported one\.csv: 1 new lead/);

    const before = fake.calls.length;
    const other = fake.hostFile(csvFile("email\nnope@example.com\n"), { name: "two.csv", mimetype: "text/csv" });
    expect((await sendEventToApp(slack.port!, fileShareEvent({ user: ann, channel: CHANNEL, channelType: "channel", text: "here is the list", files: [other] }), { secret: SECRET, teamId: ann.team.id })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.calls.slice(before).map((c) => c.method)).not.toContain("file.download");
    expect(await store.prisma.lead.count({ where: { email: "nope@example.com" } })).toBe(0);
  });

  it("says a file is too large without downloading it", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    const file = { ...fake.hostFile(csvFile("email\nx@example.com\n"), { name: "huge.csv", mimetype: "text/csv" }), size: 40 * 1_048_576 };
    const answer = await share(ann, { channel: CHANNEL, channelType: "channel", text: "/lead import", files: [file] });
    expect(answer.method).toBe("chat.postEphemeral");
    expect(answer.text).toMatch(/That file is 40 MB, more than the 5 MB I import at once/);
    expect(answer.calls.map((c) => c.method)).not.toContain("file.download");
  });
});
