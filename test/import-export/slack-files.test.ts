/**
 * Files over Slack, end to end: the real Bolt receiver, signed requests, and the fake Slack
 * speaking files.getUploadURLExternal → upload URL → files.completeUploadExternal, and serving
 * private downloads that need the bot token.
 */
import { Writable } from "node:stream";
import { webApi } from "@slack/bolt";
import { parse as parseCsv } from "csv-parse/sync";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { StoreHandle } from "../../src/store/client.js";
import { CONTENT_TYPES } from "../../src/services/lead-file.js";
import { startSlack, type SlackHandle } from "../../src/platforms/slack/slack.app.js";
import { downloadSlackFile, uploadAttachments } from "../../src/platforms/slack/slack.files.js";
import { serviceDeps, testClock } from "../support/builders.js";
import { createTestStore } from "../support/db.js";
import {
  fileShareEvent,
  newWorkspace,
  sendEventToApp,
  sendToApp,
  slackUser,
  slashCommandBody,
  startFakeSlack,
  typeSlashCommand,
  type FakeSlack,
  type SlackUser,
} from "../slack/fake-slack.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const CHANNEL = "C0SALES01";
const csvFile = (text: string) => new TextEncoder().encode(text);
/** What the transport logged, as parsed JSON lines. */
const logs: Array<Record<string, unknown>> = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split("\n")) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

describe("Slack: files in and out", () => {
  let store: StoreHandle;
  let fake: FakeSlack;
  let slack: SlackHandle;

  beforeAll(async () => {
    store = await createTestStore("pglite");
    fake = await startFakeSlack();
    slack = await startSlack({
      deps: serviceDeps(store, testClock().clock),
      log: pino({ level: "info" }, sink),
      config: { mode: "http", botToken: "xoxb-test-token", signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0 },
    });
  });
  afterAll(async () => {
    await slack?.stop();
    await fake?.close();
    await store?.close();
  });

  const ask = (user: SlackUser, line: string) => typeSlashCommand(fake, { port: slack.port!, secret: SECRET }, { user, channel: CHANNEL, line });

  /**
   * Shares files in a conversation with a message, and waits for the bot's answer there (after
   * the setup message a new workspace gets first).
   */
  async function share(user: SlackUser, p: { channel: string; channelType: "im" | "channel"; text: string; files: ReturnType<FakeSlack["hostFile"]>[] }) {
    const from = fake.calls.length;
    const sent = await sendEventToApp(slack.port!, fileShareEvent({ user, ...p }), { secret: SECRET, teamId: user.team.id });
    expect(sent.status).toBe(200);
    const answer = await fake.waitFor(
      (c) =>
        fake.calls.indexOf(c) >= from &&
        (c.method === "chat.postMessage" || c.method === "chat.postEphemeral") &&
        c.body.channel === p.channel &&
        !String(c.body.text).startsWith("Welcome!"),
      20_000,
    );
    return { method: answer.method, text: String(answer.body.text), calls: fake.calls.slice(from) };
  }

  async function teamOf(user: SlackUser) {
    return (await store.prisma.chatBinding.findUniqueOrThrow({ where: { platform_externalId: { platform: "slack", externalId: user.team.id } } })).teamId;
  }

  it("/lead export csv (a private answer) uploads the file to the person's DM with the app, not the channel", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    const dmChannel = `D${ann.id.slice(1)}`;
    await ask(ann, '/lead add "Jana Novak" email=jana@acme.example company="Acme, Inc"');
    await ask(ann, "/lead add Bob email=bob@beta.example title=Consultant");
    const from = fake.calls.length;
    const answer = await ask(ann, "/lead export csv");
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toMatch(/Here are 2 leads as CSV: leads-2026-06-01\.csv/);
    expect(answer.text).toMatch(/I sent the file to you in a direct message/);

    const calls = fake.calls.slice(from);
    expect(calls.find((c) => c.method === "conversations.open")?.body.users).toBe(ann.id);
    const order = calls.filter((c) => c.method.startsWith("file")).map((c) => c.method);
    expect(order).toEqual(["files.getUploadURLExternal", "file.upload", "files.completeUploadExternal"]);
    expect(calls.find((c) => c.method === "files.completeUploadExternal")?.body.channel_id).toBe(dmChannel);
    expect(fake.uploads().filter((u) => u.channelId === CHANNEL)).toEqual([]);
    const [file] = fake.uploads().filter((u) => u.channelId === dmChannel);
    expect(file).toMatchObject({ filename: "leads-2026-06-01.csv", title: "2 leads (CSV)" });
    const [header, ...rows] = parseCsv(file!.data.toString("utf8"), { bom: true }) as string[][];
    expect(header!.slice(0, 6)).toEqual(["id", "name", "email", "phone", "company", "title"]);
    expect(rows.map((r) => [r[1], r[2], r[4]]).sort()).toEqual([
      ["Bob", "bob@beta.example", ""],
      ["Jana Novak", "jana@acme.example", "Acme, Inc"],
    ]);
  });

  it("uploads a channel answer's files to the channel, or to the DM where the bot may not post", async () => {
    const client = new webApi.WebClient("xoxb-test-token", { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const ann = slackUser(newWorkspace(), "ann");
    const xlsx = { filename: "team.xlsx", contentType: CONTENT_TYPES.xlsx, data: new TextEncoder().encode("PK-ish"), title: "Team" };
    const teamFiles = () => fake.uploads().filter((u) => u.filename === "team.xlsx").map((u) => u.channelId);
    await uploadAttachments(client, { channelId: CHANNEL, userId: ann.id }, [xlsx], pino({ level: "silent" }));
    expect(teamFiles()).toEqual([CHANNEL]);

    fake.script("files.completeUploadExternal", { body: { ok: false, error: "not_in_channel" } });
    await uploadAttachments(client, { channelId: CHANNEL, userId: ann.id }, [xlsx], pino({ level: "silent" }));
    expect(fake.callsTo("conversations.open").slice(-1)[0]?.body.users).toBe(ann.id);
    expect(teamFiles()).toEqual([CHANNEL, `D${ann.id.slice(1)}`]);
  });

  it("/lead export xlsx from the DM itself uploads there, without pointing elsewhere", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    const dmChannel = `D${ann.id.slice(1)}`;
    await ask(ann, "/lead add Zed email=zed@example.com");
    const responseUrl = fake.responseUrl();
    const body = slashCommandBody({ user: ann, command: "/lead", text: "export xlsx", channel: dmChannel, responseUrl, triggerId: `${Date.now()}.trigger` });
    expect((await sendToApp(slack.port!, body, { secret: SECRET })).status).toBe(200);
    const answer = (await fake.answerAt(responseUrl, 1, 20_000)).body as { text: string };
    expect(answer.text).toMatch(/Here is 1 lead as XLSX/);
    expect(answer.text).not.toMatch(/direct message/);
    const file = fake.uploads().find((u) => u.channelId === dmChannel)!;
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

  it("refuses a download that redirects, without following it with the token", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    const target = fake.hostFile(csvFile("email\nelsewhere@example.com\n"), { name: "target.csv", mimetype: "text/csv" });
    const moved = fake.hostFile(csvFile(""), { name: "moved.csv", mimetype: "text/csv", redirectTo: target.url_private_download });
    const answer = await share(ann, { channel: CHANNEL, channelType: "channel", text: "/lead import", files: [moved] });
    expect(answer.method).toBe("chat.postEphemeral");
    expect(answer.text).toMatch(/Slack sent me to another page instead of moved\.csv/);
    const downloads = answer.calls.filter((c) => c.method === "file.download").map((c) => c.path);
    expect(downloads).toEqual([new URL(moved.url_private_download).pathname]);
    expect(await store.prisma.lead.count({ where: { email: "elsewhere@example.com" } })).toBe(0);
  });

  it("says so when Slack fails to serve the file (HTTP 500)", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    const broken = fake.hostFile(csvFile("email\nx@example.com\n"), { name: "broken.csv", mimetype: "text/csv", fail: 500 });
    const answer = await share(ann, { channel: CHANNEL, channelType: "channel", text: "/lead import", files: [broken] });
    expect(answer.method).toBe("chat.postEphemeral");
    expect(answer.text).toMatch(/Slack could not send me broken\.csv just now \(HTTP 500\)/);
  });

  it("tells the person when reading a shared file fails outright, and logs it without the token", async () => {
    const ann = slackUser(newWorkspace(), "ann");
    const dropped = fake.hostFile(csvFile("email\nx@example.com\n"), { name: "dropped.csv", mimetype: "text/csv", fail: "reset" });
    const inChannel = await share(ann, { channel: CHANNEL, channelType: "channel", text: "/lead import", files: [dropped] });
    expect(inChannel.method).toBe("chat.postEphemeral");
    expect(inChannel.calls.find((c) => c.method === "chat.postEphemeral")?.body.user).toBe(ann.id);
    expect(inChannel.text).toMatch(/Sorry, I could not read that file/);

    const dmChannel = `D${ann.id.slice(1)}`;
    const inDm = await share(ann, { channel: dmChannel, channelType: "im", text: "", files: [dropped] });
    expect(inDm.method).toBe("chat.postMessage");
    expect(inDm.text).toMatch(/Sorry, I could not read that file/);

    const logged = logs.filter((l) => l.msg === "could not handle a shared file");
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(logged[0]).toMatchObject({ slackUser: ann.id, slackChannel: CHANNEL, files: ["dropped.csv"] });
    expect(JSON.stringify(logs)).not.toContain("xoxb-test-token");
  });
});

describe("Slack: where the bot token may go", () => {
  afterEach(() => vi.restoreAllMocks());
  const file = (url: string) => ({ id: "F1", name: "leads.csv", size: 10, url_private_download: url });

  it("sends it only over HTTPS to Slack's hosts, or to the configured API host", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("email\nx@example.com\n", { headers: { "content-type": "text/csv" } }));
    for (const url of ["http://files.slack.com/files-pri/T1-F1/leads.csv", "https://files.slack.com.evil.example/leads.csv", "ftp://files.slack.com/leads.csv"]) {
      expect(await downloadSlackFile(file(url), { token: "xoxb-secret" })).toMatchObject({ ok: false, message: expect.stringMatching(/did not give me a way to download/) });
    }
    expect(await downloadSlackFile(file("http://127.0.0.1:9/leads.csv"), { token: "xoxb-secret", apiUrl: "https://127.0.0.1:9/api/" })).toMatchObject({ ok: false });
    expect(fetchSpy).not.toHaveBeenCalled();

    expect(await downloadSlackFile(file("https://files.slack.com/files-pri/T1-F1/leads.csv"), { token: "xoxb-secret" })).toMatchObject({ ok: true });
    expect(await downloadSlackFile(file("http://127.0.0.1:9/files-pri/leads.csv"), { token: "xoxb-secret", apiUrl: "http://127.0.0.1:9/api/" })).toMatchObject({ ok: true });
    expect(fetchSpy).toHaveBeenCalledTimes(2);
    expect(fetchSpy.mock.calls[0]![1]).toMatchObject({ redirect: "manual", headers: { authorization: "Bearer xoxb-secret" } });
  });
});
