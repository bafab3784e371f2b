/**
 * Slack's side of the shared conversation (src/chat/conversation.ts): a request becomes an
 * input run as the Slack user, and the outcome goes back the way the request came: refusals
 * and answers through slack.respond.ts, the setup message posted in the channel, a private
 * answer's files in the person's DM, and an approved newcomer's held command run as them.
 */
import type { Logger } from "pino";
import { lineOf, type Conversation, type Standing } from "../../chat/conversation.js";
import type { Input } from "../../chat/inbound.js";
import { replyLocaleT, type FollowUp, type Reply } from "../../chat/reply.js";
import type { Actor } from "../../services/actor.js";
import { filesInDmNote } from "../../views/platform.view.js";
import { renderBlockKit } from "./block-kit.render.js";
import { directMessageChannel, slackErrorCode, uploadAttachments } from "./slack.files.js";
import { personOf, placeOf, type Origin, type WebClient } from "./slack.origin.js";
import { deliver, postToChannel, withBlock } from "./slack.respond.js";
import type { SlackDirectory } from "./slack.users.js";

/** What receiving needs: the shared conversation, and Slack's directory of names. */
export interface Receiver {
  conversation: Conversation;
  directory: SlackDirectory;
  log: Logger;
}

/**
 * Runs what someone asked for, if they may. A removed member is told so; a newcomer waiting
 * for approval is told to wait (and, on their first try, the chat gets the request the admins
 * decide on, the input kept for after it). A new workspace's first member gets the setup
 * message first.
 */
export async function receive(receiver: Receiver, input: Input, origin: Origin, client: WebClient): Promise<void> {
  const line = lineOf(input);
  const outcome = await receiver.conversation.receive({ place: placeOf(origin), person: await personOf(receiver.directory, origin), input });
  if (!outcome.ok) return refuse(receiver, outcome, line, origin, client);
  if (outcome.welcome) await welcome(receiver, outcome.welcome, outcome.actor, origin, client);
  await answered(receiver, outcome.reply, line, origin, client);
}

/**
 * Who is asking, for an input that cannot wait for an approval (a shared file: a newcomer shares
 * it again once approved). Null when they may not, and have been told why.
 */
export async function admitted(receiver: Receiver, line: string, origin: Origin, client: WebClient): Promise<Actor | null> {
  const standing = await receiver.conversation.identify(placeOf(origin), await personOf(receiver.directory, origin));
  if (!standing.ok) {
    await refuse(receiver, standing, line, origin, client);
    return null;
  }
  if (standing.welcome) await welcome(receiver, standing.welcome, standing.actor, origin, client);
  return standing.actor;
}

/** Runs an input as `actor`, already admitted, and answers. */
export async function execute(receiver: Receiver, actor: Actor, input: Input, origin: Origin, client: WebClient): Promise<void> {
  const reply = await receiver.conversation.run(actor, placeOf(origin), input);
  await answered(receiver, reply, lineOf(input), origin, client);
}

async function refuse(receiver: Receiver, refusal: Extract<Standing, { ok: false }>, line: string, origin: Origin, client: WebClient): Promise<void> {
  await deliver(refusal.notice.reply, line, origin, client, receiver.log);
  if (refusal.joinRequest) await deliver(refusal.joinRequest, line, origin, client, receiver.log);
}

/** The first reply in a new workspace: the setup message, offering this channel for alerts. */
async function welcome(receiver: Receiver, message: Reply, actor: Actor, origin: Origin, client: WebClient): Promise<void> {
  // Posted by the bot, so the team sees it as a message of its own; where the bot may not post,
  // the request's response_url is the way back. Their command runs either way.
  try {
    await postToChannel(renderBlockKit(message), message, origin, client, receiver.log);
  } catch (error) {
    receiver.log.warn({ slackError: slackErrorCode(error), err: slackErrorCode(error) ? undefined : error, teamId: actor.teamId }, "could not show the setup message");
  }
}

/** Shows a command's answer, then runs the command it releases (an approved newcomer's), if any. */
async function answered(receiver: Receiver, reply: Reply, line: string, origin: Origin, client: WebClient): Promise<void> {
  await answer(receiver, reply, line, origin, client);
  if (reply.followUp) await followUp(receiver, reply.followUp, origin, client);
}

/**
 * A newcomer's command, held while an admin approved them, runs now as them; its answer goes
 * to them in the chat where they typed it (their own response_url may have expired).
 */
async function followUp(receiver: Receiver, next: FollowUp, approval: Origin, client: WebClient): Promise<void> {
  if (next.person.platform !== "slack") {
    // Their answer belongs in their own chat, which this transport cannot reach: they are in
    // now, and their next command there runs as usual.
    receiver.log.info({ platform: next.person.platform, memberId: next.actor.memberId }, "not running an approved newcomer's held command from another platform");
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
  await execute(receiver, next.actor, { kind: "command", line: next.line }, origin, client);
}

/** Shows a reply to whoever asked: its files first (privately unless it is for the channel), then its words. */
async function answer(receiver: Receiver, reply: Reply, line: string, origin: Origin, client: WebClient): Promise<void> {
  const { log } = receiver;
  const attachments = reply.attachments ?? [];
  if (attachments.length === 0) return deliver(reply, line, origin, client, log);
  if (reply.visibility !== "channel") {
    // A private answer's files (an export full of contact details, a managers-only chart)
    // must not land in the channel for everyone: they go to the person's DM with the app,
    // before the answer that says so.
    const dm = await directMessageChannel(client, origin.userId);
    await uploadAttachments(client, { channelId: dm, userId: origin.userId }, attachments, log);
    const note = filesInDmNote(attachments.length, replyLocaleT(reply));
    return deliver(dm === origin.channelId ? reply : withBlock(reply, { type: "context", text: note }), line, origin, client, log);
  }
  await deliver(reply, line, origin, client, log);
  await uploadAttachments(client, { ...(origin.channelId ? { channelId: origin.channelId } : {}), userId: origin.userId }, attachments, log);
}
