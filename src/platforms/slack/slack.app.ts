import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel, webApi, type CodedError, type Logger as BoltLogger, type ViewSubmitAction } from "@slack/bolt";
import type { Logger } from "pino";
import { handleLine } from "../../../commands/index.js";
import { usageReply, type Block, type FollowUp, type IncomingFile, type Reply } from "../../chat/reply.js";
import type { Actor } from "../../services/actor.js";
import type { Clock } from "../../services/clock.js";
import type { ServiceDeps } from "../../services/deps.js";
import { admit, firstUse, type Admission } from "../../services/identity.service.js";
import { personBackInChat, personLeftChat } from "../../services/chat-membership.service.js";
import { canonicalTimezone } from "../../services/team-admin.service.js";
import { teamSettings } from "../../services/team-settings.service.js";
import { ensureTeam } from "../../services/team.service.js";
import { joinRequestReply, removedReply, waitingReply, welcomeReply } from "../../views/team.view.js";
import { renderBlockKit, RUN_ACTION_PREFIX, type SlackMessage } from "./block-kit.render.js";
import { FORM_CALLBACK_ID, readSubmission, renderModal, type FormBlock, type FormMetadata } from "./modal.render.js";
import { SLACK_EVENTS_PATH, type SlackConfig } from "./slack.config.js";
import { directMessageChannel, downloadSlackFile, fileShareCommand, slackErrorCode, uploadAttachments, type SlackFile } from "./slack.files.js";
import { directoryClient, SlackDirectory } from "./slack.users.js";

type WebClient = webApi.WebClient;

export interface StartSlackOptions {
  deps: ServiceDeps;
  log: Logger;
  config: SlackConfig;
  /** Overrides `deps.clock` (tests). */
  clock?: Clock;
  /** Time zone of teams created from Slack when their founder's is unknown. Default UTC. */
  timezone?: string;
}

export interface SlackHandle {
  /** The Bolt app, for tests and for the alerts work (its `client` posts as the bot). */
  app: App;
  /** HTTP mode: the port Bolt listens on. */
  port?: number;
  stop(): Promise<void>;
}

const SORRY = "Sorry, something went wrong on our side and your request may not have gone through. Please try again in a moment.";

/** How the audit and /team members tell a Slack deactivation; a reactivation undoes only this. */
export const DEACTIVATED_IN_SLACK = "was deactivated in Slack";

/**
 * Where a request came from, and the ways back to the person who sent it. `followUp`: a
 * newcomer's held command, run when an admin approved them; it has no response_url of theirs.
 */
interface Origin {
  kind: "command" | "action" | "submission" | "message" | "followUp";
  slackTeamId: string;
  teamName: string;
  userId: string;
  /** Their handle, from the request; users.info's real name replaces it where Slack answers. */
  userName: string;
  channelId?: string;
  responseUrl?: string;
  /** Lets us open a modal; Slack honours it for 3 seconds. */
  triggerId?: string;
  /** A click on an ephemeral message: a private menu that its answer may replace. */
  fromEphemeral?: boolean;
}

/**
 * Starts the Slack transport: slash commands, buttons and modal submissions become command
 * lines for the shared router, run as the Slack user; replies go back as Block Kit. HTTP mode
 * listens on its own port (`config.port`); Socket Mode dials out to Slack.
 */
export async function startSlack(options: StartSlackOptions): Promise<SlackHandle> {
  const { config } = options;
  const deps: ServiceDeps = options.clock ? { ...options.deps, clock: options.clock } : options.deps;
  const log = options.log.child({ transport: "slack" });
  const logger = boltLogger(log);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    // On 429 the client waits for Retry-After and tries again (rather than failing the reply).
    rejectRateLimitedCalls: false,
    // An answer in a chat is worth little an hour later: a few quick retries instead of Bolt's
    // default of ten over half an hour. A request that hangs is abandoned after 10 s.
    retryConfig: { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 4000, randomize: true },
    timeout: 10_000,
  };
  const shared = {
    token: config.botToken,
    logger,
    clientOptions,
    // The error handler gets the request body, to log context and answer the person.
    extendedErrorHandler: true,
    // auth.test runs in init(), so a wrong token stops start-up instead of failing every request.
    deferInitialization: true,
    convoStore: false as const,
  };
  const app =
    config.mode === "http"
      ? new App({
          ...shared,
          signingSecret: config.signingSecret,
          endpoints: SLACK_EVENTS_PATH,
          // Answer Slack's HTTP request as soon as ack() is called; the work continues after it.
          processBeforeResponse: false,
        })
      : new App({
          ...shared,
          socketMode: true,
          appToken: config.appToken,
          // The Socket Mode connection gets its own client options: with ours it would give up
          // reconnecting after a few quick retries; its default keeps trying through an outage.
          installerOptions: { clientOptions: config.apiUrl ? { slackApiUrl: config.apiUrl } : {} },
        });

  const directory = new SlackDirectory(directoryClient(config.botToken, { ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}), logger }), log);

  /**
   * Who is asking, on which team, and whether they may: every input passes here before anything
   * runs. `held`: the command to keep for a newcomer who must wait for an admin's approval.
   */
  const identify = async (origin: Origin, held: string | null): Promise<Admission> => {
    const profile = await directory.profile(origin.slackTeamId, origin.userId, origin.userName);
    const teamId = await ensureTeam(deps, {
      platform: "slack",
      externalId: origin.slackTeamId,
      name: origin.teamName,
      // A new workspace's team starts in its founder's time zone; /team timezone changes it.
      timezone: (profile.timezone ? canonicalTimezone(profile.timezone) : null) ?? options.timezone ?? "UTC",
    });
    const person = { platform: "slack" as const, externalId: origin.userId, displayName: profile.name, username: profile.username };
    return admit(deps, teamId, person, held === null ? undefined : { line: held, channelId: origin.channelId ?? null });
  };

  /**
   * The actor to run `line` as, or null when they may not: a removed member is told so; a
   * newcomer waiting for approval is told to wait (and, on their first command, the chat gets
   * the request the admins decide on, `line` kept for after it if `hold`). A new workspace's
   * first member gets the setup message first.
   */
  const gate = async (line: string, origin: Origin, client: WebClient, hold: boolean): Promise<Actor | null> => {
    const admission = await identify(origin, hold ? line : null);
    if (admission.kind === "removed") {
      await deliver(removedReply(admission.teamName), line, origin, client, log);
      return null;
    }
    if (admission.kind === "waiting") {
      await deliver(waitingReply(admission.teamName), line, origin, client, log);
      if (admission.isNew) await deliver(joinRequestReply(admission.name, admission.memberId, hold ? line : null), line, origin, client, log);
      return null;
    }
    if (await firstUse(deps, admission.actor.teamId)) await welcome(admission.actor, origin, client);
    return admission.actor;
  };

  /** Runs what someone asked for, if they may. */
  const run = async (line: string, origin: Origin, client: WebClient): Promise<void> => {
    const actor = await gate(line, origin, client, true);
    if (actor) await execute(line, actor, origin, client);
  };

  /** The first reply in a new workspace: the setup message, offering this channel for alerts. */
  const welcome = async (actor: Actor, origin: Origin, client: WebClient): Promise<void> => {
    // A direct message is no place for the team's alerts, so the message there offers none.
    const channel = origin.channelId && !isDirectMessage(origin.channelId) ? origin.channelId : undefined;
    const settings = await teamSettings(deps, actor, channel ? { platform: "slack", channelId: channel } : undefined);
    if (!settings.ok) return;
    const message = welcomeReply(settings.value, actor.name);
    // Posted by the bot, so the team sees it as a message of its own; where the bot may not post,
    // the request's response_url is the way back. Their command runs either way.
    try {
      await postToChannel(renderBlockKit(message), message, origin, client, log);
    } catch (error) {
      log.warn({ slackError: slackErrorCode(error), err: slackErrorCode(error) ? undefined : error, teamId: actor.teamId }, "could not show the setup message");
    }
  };

  const execute = async (line: string, actor: Actor, origin: Origin, client: WebClient, files?: IncomingFile[]): Promise<void> => {
    const place = origin.channelId ? { platform: "slack" as const, channelId: origin.channelId } : undefined;
    const reply = await handleLine(line, { deps, actor, ...(place ? { place } : {}), ...(files ? { files } : {}) }, log);
    await answer(reply, line, origin, client);
    if (reply.followUp) await followUp(reply.followUp, origin, client);
  };

  /**
   * A newcomer's command, held while an admin approved them, runs now as them; its answer goes
   * to them in the chat where they typed it (their own response_url may have expired).
   */
  const followUp = async (next: FollowUp, approval: Origin, client: WebClient): Promise<void> => {
    if (next.person.platform !== "slack") {
      // Their answer belongs in their own chat, which this transport cannot reach: they are in
      // now, and their next command there runs as usual.
      log.info({ platform: next.person.platform, memberId: next.actor.memberId }, "not running an approved newcomer's held command from another platform");
      return;
    }
    const channelId = next.channelId ?? approval.channelId;
    const origin: Origin = {
      kind: "followUp",
      slackTeamId: approval.slackTeamId,
      teamName: approval.teamName,
      userId: next.person.externalId,
      userName: next.actor.name,
      ...(channelId ? { channelId } : {}),
    };
    await execute(next.line, next.actor, origin, client);
  };

  /** Shows a reply to whoever asked: its files first (privately unless it is for the channel), then its words. */
  const answer = async (reply: Reply, line: string, origin: Origin, client: WebClient): Promise<void> => {
    const attachments = reply.attachments ?? [];
    if (attachments.length === 0) return deliver(reply, line, origin, client, log);
    if (reply.visibility !== "channel") {
      // A private answer's files (an export full of contact details, a managers-only chart)
      // must not land in the channel for everyone: they go to the person's DM with the app,
      // before the answer that says so.
      const dm = await directMessageChannel(client, origin.userId);
      await uploadAttachments(client, { channelId: dm, userId: origin.userId }, attachments, log);
      const note = `I sent the ${attachments.length === 1 ? "file" : "files"} to you in a direct message.`;
      return deliver(dm === origin.channelId ? reply : withBlock(reply, { type: "context", text: note }), line, origin, client, log);
    }
    await deliver(reply, line, origin, client, log);
    await uploadAttachments(client, { ...(origin.channelId ? { channelId: origin.channelId } : {}), userId: origin.userId }, attachments, log);
  };

  // Every slash command goes to the router, which answers unknown ones with the list of commands.
  app.command(/^\/.+/, async ({ ack, body, client }) => {
    // Acknowledge before any other work: Slack shows an error after 3 seconds. The answer
    // follows through response_url, however long it takes.
    await ack();
    await run(`${body.command} ${unescapeSlack(body.text)}`, {
      kind: "command",
      slackTeamId: body.team_id,
      teamName: body.team_domain || body.team_id,
      userId: body.user_id,
      userName: body.user_name || body.user_id,
      channelId: body.channel_id,
      responseUrl: body.response_url,
      triggerId: body.trigger_id,
    }, client);
  });

  // A button's value is a command line; clicking it runs that command as the person who
  // clicked, so a button can do nothing its clicker could not type (the services check roles).
  app.action({ type: "block_actions", action_id: new RegExp(`^${RUN_ACTION_PREFIX}`) }, async ({ ack, body, action, client }) => {
    await ack();
    if (action.type !== "button" || !action.value) return;
    const team = body.team?.id ?? body.user.team_id;
    if (!team) return;
    await run(action.value, {
      kind: "action",
      slackTeamId: team,
      teamName: body.team?.domain ?? team,
      userId: body.user.id,
      userName: body.user.username || body.user.name || body.user.id,
      ...(body.channel ? { channelId: body.channel.id } : {}),
      responseUrl: body.response_url,
      triggerId: body.trigger_id,
      fromEphemeral: body.container.is_ephemeral === true,
    }, client);
  });

  app.view<ViewSubmitAction>({ type: "view_submission", callback_id: FORM_CALLBACK_ID }, async ({ ack, body, view, client }) => {
    await ack(); // closes the modal; the result is posted where the form was asked for
    const submission = readSubmission(view);
    const team = body.team?.id ?? body.user.team_id;
    if (!submission || !team) {
      log.warn({ slackTeam: team, slackUser: body.user.id }, "ignored a modal submission without our metadata");
      return;
    }
    const { meta } = submission;
    await run(submission.line, {
      kind: "submission",
      slackTeamId: team,
      teamName: body.team?.domain ?? team,
      userId: body.user.id,
      userName: body.user.name || body.user.id,
      ...(meta.channel ? { channelId: meta.channel } : {}),
      ...(meta.responseUrl ? { responseUrl: meta.responseUrl } : {}),
      triggerId: body.trigger_id,
    }, client);
  });

  // A file shared with "/lead import" (in a DM with the app, or a channel it is in): downloaded
  // with the bot token and handed to the command. Other messages are none of our business.
  app.event("message", async ({ event, body, client, context }) => {
    if (event.subtype !== "file_share" || !event.user) return;
    const line = fileShareCommand(event, context.botUserId);
    if (!line) return;
    const shared = (event.files ?? []) as SlackFile[];
    try {
      const origin: Origin = {
        kind: "message",
        slackTeamId: body.team_id,
        teamName: body.team_id,
        userId: event.user,
        // A message carries only the user id; identify() looks the name up.
        userName: event.user,
        channelId: event.channel,
      };
      // Nobody's file is downloaded before we know they may import: files cannot wait for an
      // approval, so a newcomer shares it again once approved.
      const actor = await gate(line, origin, client, false);
      if (!actor) return;
      const files: IncomingFile[] = [];
      for (const file of shared) {
        const downloaded = await downloadSlackFile(file, { token: config.botToken, ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}) });
        if (!downloaded.ok) return await deliver(usageReply(downloaded.message, "/lead import with a CSV or XLSX file attached"), line, origin, client, log);
        files.push(downloaded.file);
      }
      await execute(line, actor, origin, client, files);
    } catch (error) {
      // A message has no response_url, so the error boundary below could not answer: without
      // this the person would wait for an answer that never comes. Logged without the event
      // (its file URLs are capabilities) or the token.
      log.error(
        { err: error, slackTeam: body.team_id, slackUser: event.user, slackChannel: event.channel, files: shared.map((f) => f.name ?? f.id) },
        "could not handle a shared file",
      );
      const text = "Sorry, I could not read that file: something went wrong on our side. Please share it again in a moment.";
      try {
        if (event.channel_type === "im") await client.chat.postMessage({ channel: event.channel, text });
        else await client.chat.postEphemeral({ channel: event.channel, user: event.user, text });
      } catch (secondary) {
        log.warn({ slackError: slackErrorCode(secondary), err: slackErrorCode(secondary) ? undefined : secondary }, "could not tell the person about the failed file");
      }
    }
  });

  // A workspace admin deactivated someone (deleted: true): they leave the team at once. A
  // reactivation brings back only those who left that way; every other profile change sends
  // deleted: false too, and must not undo an admin's /team remove. Either way the name is
  // looked up afresh next time.
  app.event("user_change", async ({ event, body }) => {
    const user = event.user;
    directory.forget(body.team_id, user.id);
    const workspace = { platform: "slack" as const, chatId: body.team_id };
    if (user.deleted) {
      const left = await personLeftChat(deps, workspace, user.id, DEACTIVATED_IN_SLACK);
      if (left) log.info({ teamId: left.teamId, memberId: left.member.id, promoted: left.promoted?.id }, "a member was deactivated in Slack and left the team");
      return;
    }
    const back = await personBackInChat(deps, workspace, user.id, { ifLeft: DEACTIVATED_IN_SLACK });
    if (back) log.info({ teamId: back.teamId, memberId: back.member.id }, "a member was reactivated in Slack and is back as a rep");
  });

  // The one error boundary for Slack requests: log with context (never the body: it holds
  // tokens and capability URLs), tell the person politely, keep serving.
  app.error(async ({ error, body }: { error: CodedError; body: unknown }) => {
    log.error({ err: error, code: error.code, ...describe(body as AnyBody) }, "Slack request failed");
    const url = responseUrlOf(body as AnyBody);
    if (!url) return;
    await postToResponseUrl(url, { response_type: "ephemeral", replace_original: false, text: SORRY }).catch((err: unknown) =>
      log.warn({ err }, "could not tell the person about the failure"),
    );
  });

  try {
    await app.init();
  } catch (error) {
    throw new Error(`Slack did not accept SLACK_BOT_TOKEN (${slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error))}).`, {
      cause: error,
    });
  }
  if (config.mode === "socket") {
    await app.start();
    log.info("Slack connected (Socket Mode)");
    return {
      app,
      async stop() {
        await app.stop();
      },
    };
  }
  const server = (await app.start(config.port)) as Server;
  const port = (server.address() as AddressInfo).port;
  log.info({ port, path: SLACK_EVENTS_PATH }, "Slack HTTP receiver listening");
  return {
    app,
    port,
    async stop() {
      await app.stop();
    },
  };
}

/** Sends a reply back the way the request came. */
async function deliver(reply: Reply, line: string, origin: Origin, client: WebClient, log: Logger): Promise<void> {
  const form = reply.blocks.find((b): b is FormBlock => b.type === "form");
  if (form) {
    if (origin.triggerId && (await openForm(form, origin, client, log))) return;
    // The modal could not open (a slow answer outlives the 3-second trigger): show the form as
    // text, with a button that asks again with a fresh trigger. A submission has no line to
    // ask again with, and its text already says how to type the answers.
    if (origin.kind !== "submission") reply = withBlock(reply, { type: "actions", actions: [{ label: "Open the form", command: line }] });
  }
  const message = renderBlockKit(reply);
  // "ephemeral" and "private" alike: only the person sees an ephemeral message, so a secret
  // may go there (or to their DM), and never through chat.postMessage to the channel.
  const responseType = reply.visibility === "channel" ? "in_channel" : "ephemeral";

  if (origin.kind === "submission" || origin.kind === "message" || origin.kind === "followUp") return postToChannel(message, reply, origin, client, log);
  if (!origin.responseUrl) return;
  if (origin.kind === "command") {
    await postToResponseUrl(origin.responseUrl, { ...message, response_type: responseType });
    return;
  }
  // A click on a private menu (outcome buttons, a weights preview) replaces the menu with its
  // answer, so it cannot be clicked twice. A refusal or mistake leaves the menu as it was.
  // Clicks on channel messages (alerts) never rewrite them for everyone.
  const replaceMenu = origin.fromEphemeral === true && reply.tone === "ok";
  if (replaceMenu) await postToResponseUrl(origin.responseUrl, { ...message, replace_original: true });
  if (responseType === "in_channel" || !replaceMenu) {
    await postToResponseUrl(origin.responseUrl, { ...message, response_type: responseType, replace_original: false });
  }
}

function withBlock(reply: Reply, block: Block): Reply {
  return { ...reply, blocks: [...reply.blocks, block] };
}

async function openForm(form: FormBlock, origin: Origin, client: WebClient, log: Logger): Promise<boolean> {
  const meta: FormMetadata = {
    submit: form.submit,
    ...(origin.channelId ? { channel: origin.channelId } : {}),
    ...(origin.responseUrl ? { responseUrl: origin.responseUrl } : {}),
  };
  try {
    await client.views.open({ trigger_id: origin.triggerId!, view: renderModal(form, meta) });
    return true;
  } catch (error) {
    log.warn({ slackError: slackErrorCode(error), err: slackErrorCode(error) ? undefined : error, form: form.id }, "could not open the modal; answering with text");
    return false;
  }
}

/**
 * Posts a modal's result where the form was asked for. When the bot may not post there (it is
 * not in that channel, or it is a DM), the asking command's response_url still reaches the
 * person.
 */
async function postToChannel(message: SlackMessage, reply: Reply, origin: Origin, client: WebClient, log: Logger): Promise<void> {
  const inChannel = reply.visibility === "channel";
  if (origin.channelId) {
    try {
      if (inChannel) await client.chat.postMessage({ channel: origin.channelId, ...message });
      else await client.chat.postEphemeral({ channel: origin.channelId, user: origin.userId, ...message });
      return;
    } catch (error) {
      // A held command's answer still has the person's DM with the app (below); a shared file's
      // failure is told by its handler.
      if (!origin.responseUrl && origin.kind !== "followUp") throw error;
      // "The platform said no" (channel_not_found, not_in_channel…) and "we could not reach it"
      // (retries used up) both deserve the other way back; the log tells them apart.
      const code = slackErrorCode(error);
      log.warn({ slackError: code, err: code ? undefined : error, channel: origin.channelId }, "could not post the result in the channel; using response_url");
    }
  }
  if (origin.responseUrl) {
    await postToResponseUrl(origin.responseUrl, { ...message, response_type: inChannel ? "in_channel" : "ephemeral", replace_original: false });
    return;
  }
  // Last resort: the app's direct messages with the person.
  await client.chat.postMessage({ channel: origin.userId, ...message });
}

interface ResponseUrlPayload {
  text: string;
  blocks?: SlackMessage["blocks"];
  response_type?: "in_channel" | "ephemeral";
  replace_original?: boolean;
}

/** Posts to a response_url (valid 30 minutes, 5 uses); failures throw to the error boundary. */
async function postToResponseUrl(url: string, payload: ResponseUrlPayload): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
}

/** Slack sends `&`, `<` and `>` in command text as HTML entities; commands want what was typed. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** A direct message (with the app or between people): Slack's ids for those start with D. */
function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith("D");
}

type AnyBody = Record<string, unknown> | undefined;

/** Who and what a failed request was about, without anything secret. */
function describe(body: AnyBody): Record<string, unknown> {
  if (!body) return {};
  const user = body.user as { id?: string; team_id?: string } | undefined;
  const team = body.team as { id?: string } | null | undefined;
  const actions = body.actions as Array<{ action_id?: string }> | undefined;
  const view = body.view as { callback_id?: string } | undefined;
  return {
    slackType: body.type ?? (body.command ? "slash_command" : undefined),
    slackTeam: body.team_id ?? team?.id ?? user?.team_id,
    slackUser: body.user_id ?? user?.id,
    slackChannel: body.channel_id ?? (body.channel as { id?: string } | undefined)?.id,
    ...(body.command ? { command: body.command } : {}),
    ...(actions?.[0]?.action_id ? { actionId: actions[0].action_id } : {}),
    ...(view?.callback_id ? { callbackId: view.callback_id } : {}),
  };
}

function responseUrlOf(body: AnyBody): string | undefined {
  if (!body) return undefined;
  if (typeof body.response_url === "string") return body.response_url;
  const view = body.view as { private_metadata?: string; state?: { values: Record<string, never> } } | undefined;
  if (view?.private_metadata) return readSubmission({ private_metadata: view.private_metadata, state: { values: {} } })?.meta.responseUrl;
  return undefined;
}

/** Bolt and its Web API client log through our logger, at our level. */
function boltLogger(log: Logger): BoltLogger {
  const levels: Record<string, LogLevel> = { trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN };
  const write = (level: "debug" | "info" | "warn" | "error") => (...parts: unknown[]) => {
    const err = parts.find((p): p is Error => p instanceof Error);
    const msg = parts.filter((p) => !(p instanceof Error)).map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
    if (err) log[level]({ err }, msg || err.message);
    else log[level](msg);
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    // Our level comes from LOG_LEVEL; Bolt may not change it.
    setLevel: () => {},
    getLevel: () => levels[log.level] ?? LogLevel.ERROR,
    setName: () => {},
  };
}
