/**
 * What the app does with each kind of Slack request: slash commands, button clicks and modal
 * submissions become inputs for the shared conversation (slack.receive.ts); a file shared with
 * "/lead import" is downloaded for it; a deactivation in the workspace takes the person off the
 * team. One error boundary answers politely whatever fails.
 */
import type { App, CodedError, ViewSubmitAction } from "@slack/bolt";
import { usageReply, type IncomingFile } from "../../chat/reply.js";
import { personBackInChat, personLeftChat } from "../../services/chat-membership.service.js";
import { leftHowText } from "../../services/team-admin.service.js";
import { DEFAULT_LANGUAGE, translator, type LanguageCode } from "../../i18n/index.js";
import type { ServiceDeps } from "../../services/deps.js";
import { personLanguageAt } from "../../services/language.service.js";
import { fileFailedText, importUsageText, slackSorryText } from "../../views/platform.view.js";
import { RUN_ACTION_PREFIX } from "./block-kit.render.js";
import { FORM_CALLBACK_ID, readSubmission } from "./modal.render.js";
import type { SlackConfig } from "./slack.config.js";
import { downloadSlackFile, fileShareCommand, slackErrorCode, type SlackFile } from "./slack.files.js";
import { unescapeSlack, type Origin } from "./slack.origin.js";
import { admitted, execute, receive, type Receiver } from "./slack.receive.js";
import { deliver, postToResponseUrl } from "./slack.respond.js";

/** How the audit and /team members tell a Slack deactivation; a reactivation undoes only this. */
export const DEACTIVATED_IN_SLACK = leftHowText({ kind: "deactivated" });

/** How long the apology waits for its language: the person has waited long enough already. */
const APOLOGY_LANGUAGE_MS = 2_000;

export interface SlackContext extends Receiver {
  deps: ServiceDeps;
  config: SlackConfig;
}

/** Installs every handler and the error boundary on `app`. */
export function wire(app: App, ctx: SlackContext): void {
  takeSlashCommands(app, ctx);
  takeButtons(app, ctx);
  takeFormSubmissions(app, ctx);
  takeSharedFiles(app, ctx);
  followDeactivations(app, ctx);
  answerFailures(app, ctx);
}

/** Every slash command goes to the router, which answers unknown ones with the list of commands. */
function takeSlashCommands(app: App, ctx: SlackContext): void {
  app.command(/^\/.+/, async ({ ack, body, client }) => {
    // Acknowledge before any other work: Slack shows an error after 3 seconds. The answer
    // follows through response_url, however long it takes.
    await ack();
    const origin: Origin = {
      kind: "command",
      slackTeamId: body.team_id,
      teamName: body.team_domain || body.team_id,
      userId: body.user_id,
      userName: body.user_name || body.user_id,
      channelId: body.channel_id,
      responseUrl: body.response_url,
      triggerId: body.trigger_id,
    };
    await receive(ctx, { kind: "command", line: `${body.command} ${unescapeSlack(body.text)}` }, origin, client);
  });
}

/**
 * A button's value is a command line; clicking it runs that command as the person who
 * clicked, so a button can do nothing its clicker could not type (the services check roles).
 */
function takeButtons(app: App, ctx: SlackContext): void {
  app.action({ type: "block_actions", action_id: new RegExp(`^${RUN_ACTION_PREFIX}`) }, async ({ ack, body, action, client }) => {
    await ack();
    if (action.type !== "button" || !action.value) return;
    const team = body.team?.id ?? body.user.team_id;
    if (!team) return;
    const origin: Origin = {
      kind: "action",
      slackTeamId: team,
      teamName: body.team?.domain ?? team,
      userId: body.user.id,
      userName: body.user.username || body.user.name || body.user.id,
      ...(body.channel ? { channelId: body.channel.id } : {}),
      responseUrl: body.response_url,
      triggerId: body.trigger_id,
      fromEphemeral: body.container.is_ephemeral === true,
    };
    await receive(ctx, { kind: "button", command: action.value }, origin, client);
  });
}

/** A submitted modal becomes its form's command with the answers; the result is posted where the form was asked for. */
function takeFormSubmissions(app: App, ctx: SlackContext): void {
  app.view<ViewSubmitAction>({ type: "view_submission", callback_id: FORM_CALLBACK_ID }, async ({ ack, body, view, client }) => {
    await ack(); // closes the modal
    const submission = readSubmission(view);
    const team = body.team?.id ?? body.user.team_id;
    if (!submission || !team) {
      ctx.log.warn({ slackTeam: team, slackUser: body.user.id }, "ignored a modal submission without our metadata");
      return;
    }
    const { meta } = submission;
    const origin: Origin = {
      kind: "submission",
      slackTeamId: team,
      teamName: body.team?.domain ?? team,
      userId: body.user.id,
      userName: body.user.name || body.user.id,
      ...(meta.channel ? { channelId: meta.channel } : {}),
      ...(meta.responseUrl ? { responseUrl: meta.responseUrl } : {}),
      triggerId: body.trigger_id,
    };
    await receive(ctx, { kind: "form", line: submission.line }, origin, client);
  });
}

/**
 * A file shared with "/lead import" (in a DM with the app, or a channel it is in): downloaded
 * with the bot token and handed to the command. Other messages are none of our business.
 */
function takeSharedFiles(app: App, ctx: SlackContext): void {
  const { config, log } = ctx;
  app.event("message", async ({ event, body, client, context }) => {
    if (event.subtype !== "file_share" || !event.user) return;
    const line = fileShareCommand(event, context.botUserId);
    if (!line) return;
    const shared = (event.files ?? []) as SlackFile[];
    // Only the person reads what is said here (ephemeral, or their DM): their language once known.
    let t = translator(DEFAULT_LANGUAGE);
    try {
      const origin: Origin = {
        kind: "message",
        slackTeamId: body.team_id,
        teamName: body.team_id,
        userId: event.user,
        // A message carries only the user id; the directory looks the name up.
        userName: event.user,
        channelId: event.channel,
      };
      // Nobody's file is downloaded before we know they may import: files cannot wait for an
      // approval, so a newcomer shares it again once approved.
      const actor = await admitted(ctx, line, origin, client);
      if (!actor) return;
      t = translator(actor.languages?.person);
      const files: IncomingFile[] = [];
      for (const file of shared) {
        const downloaded = await downloadSlackFile(file, { token: config.botToken, ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}), t });
        if (!downloaded.ok) return await deliver(usageReply(downloaded.message, importUsageText(t), t), line, origin, client, log);
        files.push(downloaded.file);
      }
      await execute(ctx, actor, { kind: "file", line, files }, origin, client);
    } catch (error) {
      // A message has no response_url, so the error boundary below could not answer: without
      // this the person would wait for an answer that never comes. Logged without the event
      // (its file URLs are capabilities) or the token.
      log.error(
        { err: error, slackTeam: body.team_id, slackUser: event.user, slackChannel: event.channel, files: shared.map((f) => f.name ?? f.id) },
        "could not handle a shared file",
      );
      const text = fileFailedText(t);
      try {
        if (event.channel_type === "im") await client.chat.postMessage({ channel: event.channel, text });
        else await client.chat.postEphemeral({ channel: event.channel, user: event.user, text });
      } catch (secondary) {
        log.warn({ slackError: slackErrorCode(secondary), err: slackErrorCode(secondary) ? undefined : secondary }, "could not tell the person about the failed file");
      }
    }
  });
}

/**
 * A workspace admin deactivated someone (deleted: true): they leave the team at once, and the
 * team's admins are offered their open leads in a DM (through the outbox). A
 * reactivation brings back only those who left that way; every other profile change sends
 * deleted: false too, and must not undo an admin's /team remove. Either way the name is
 * looked up afresh next time.
 */
function followDeactivations(app: App, ctx: SlackContext): void {
  const { deps, log, directory } = ctx;
  app.event("user_change", async ({ event, body }) => {
    const user = event.user;
    directory.forget(body.team_id, user.id);
    const workspace = { platform: "slack" as const, chatId: body.team_id };
    if (user.deleted) {
      const left = await personLeftChat(deps, workspace, user.id, { kind: "deactivated" });
      if (left) log.info({ teamId: left.teamId, memberId: left.member.id, promoted: left.promoted?.id, leadsOfferedTo: left.offeredTo }, "a member was deactivated in Slack and left the team");
      return;
    }
    const back = await personBackInChat(deps, workspace, user.id, { ifLeft: DEACTIVATED_IN_SLACK });
    if (back) log.info({ teamId: back.teamId, memberId: back.member.id }, "a member was reactivated in Slack and is back as a rep");
  });
}

/**
 * The one error boundary for Slack requests: log with context (never the body: it holds tokens
 * and capability URLs), tell the person politely, keep serving. The apology is theirs alone
 * (ephemeral), so it is in their language when we can tell it, else English.
 */
function answerFailures(app: App, ctx: SlackContext): void {
  const { log } = ctx;
  app.error(async ({ error, body }: { error: CodedError; body: unknown }) => {
    log.error({ err: error, code: error.code, ...describe(body as AnyBody) }, "Slack request failed");
    const url = responseUrlOf(body as AnyBody);
    if (!url) return;
    const text = slackSorryText(translator(await apologyLanguage(ctx, body as AnyBody)));
    await postToResponseUrl(url, { response_type: "ephemeral", replace_original: false, text }).catch((err: unknown) =>
      log.warn({ err }, "could not tell the person about the failure"),
    );
  });
}

/**
 * The language of the apology to whoever sent `body`: theirs, else their team's (one or two
 * reads, and their Slack locale only if the directory holds it already). Whatever fails here,
 * or takes longer than a moment (the store may be why the request failed), it is English.
 */
async function apologyLanguage(ctx: SlackContext, body: AnyBody): Promise<LanguageCode> {
  const { slackTeam, slackUser } = partiesOf(body);
  if (!slackTeam || !slackUser) return DEFAULT_LANGUAGE;
  const english = (err: unknown): LanguageCode => {
    ctx.log.warn({ err, slackTeam, slackUser }, "could not find the language to apologise in; apologising in English");
    return DEFAULT_LANGUAGE;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const platformTag = ctx.directory.known(slackTeam, slackUser)?.locale ?? null;
    const found = personLanguageAt(ctx.deps, { platform: "slack", chatId: slackTeam }, { externalId: slackUser, platformTag }).catch(english);
    const late = new Promise<LanguageCode>((resolve) => {
      timer = setTimeout(() => resolve(DEFAULT_LANGUAGE), APOLOGY_LANGUAGE_MS);
    });
    return await Promise.race([found, late]);
  } catch (err) {
    return english(err);
  } finally {
    clearTimeout(timer);
  }
}

type AnyBody = Record<string, unknown> | undefined;

/** The workspace, person and channel a request came from, as far as its body says. */
function partiesOf(body: AnyBody): { slackTeam?: string; slackUser?: string; slackChannel?: string } {
  if (!body) return {};
  const user = body.user as { id?: string; team_id?: string } | undefined;
  const team = body.team as { id?: string } | null | undefined;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  return {
    slackTeam: text(body.team_id) ?? text(team?.id) ?? text(user?.team_id),
    slackUser: text(body.user_id) ?? text(user?.id),
    slackChannel: text(body.channel_id) ?? text((body.channel as { id?: string } | undefined)?.id),
  };
}

/** Who and what a failed request was about, without anything secret. */
function describe(body: AnyBody): Record<string, unknown> {
  if (!body) return {};
  const actions = body.actions as Array<{ action_id?: string }> | undefined;
  const view = body.view as { callback_id?: string } | undefined;
  return {
    slackType: body.type ?? (body.command ? "slash_command" : undefined),
    ...partiesOf(body),
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
