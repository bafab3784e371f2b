/**
 * The ways back to whoever asked in Slack: the request's response_url (ephemeral or in the
 * channel, replacing a private menu when it is answered), a modal for a form, a post in the
 * channel, and the app's DM as the last resort.
 */
import type { Logger } from "pino";
import { replyLocaleT, type Block, type Reply } from "../../chat/reply.js";
import { openFormLabel } from "../../views/platform.view.js";
import { renderBlockKit, type SlackMessage } from "./block-kit.render.js";
import { renderModal, type FormBlock, type FormMetadata } from "./modal.render.js";
import { slackErrorCode } from "./slack.files.js";
import type { Origin, WebClient } from "./slack.origin.js";

/** Sends a reply back the way the request came. `line`: what was asked, to ask again when a form cannot open. */
export async function deliver(reply: Reply, line: string, origin: Origin, client: WebClient, log: Logger): Promise<void> {
  const form = reply.blocks.find((b): b is FormBlock => b.type === "form");
  if (form) {
    if (origin.triggerId && (await openForm(form, reply, origin, client, log))) return;
    // The modal could not open (a slow answer outlives the 3-second trigger): show the form as
    // text, with a button that asks again with a fresh trigger. A submission has no line to
    // ask again with, and its text already says how to type the answers.
    if (origin.kind !== "submission") reply = withBlock(reply, { type: "actions", actions: [{ label: openFormLabel(replyLocaleT(reply)), command: line }] });
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

export function withBlock(reply: Reply, block: Block): Reply {
  return { ...reply, blocks: [...reply.blocks, block] };
}

async function openForm(form: FormBlock, reply: Reply, origin: Origin, client: WebClient, log: Logger): Promise<boolean> {
  const meta: FormMetadata = {
    submit: form.submit,
    ...(origin.channelId ? { channel: origin.channelId } : {}),
    ...(origin.responseUrl ? { responseUrl: origin.responseUrl } : {}),
  };
  try {
    await client.views.open({ trigger_id: origin.triggerId!, view: renderModal(form, meta, replyLocaleT(reply)) });
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
export async function postToChannel(message: SlackMessage, reply: Reply, origin: Origin, client: WebClient, log: Logger): Promise<void> {
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
export async function postToResponseUrl(url: string, payload: ResponseUrlPayload): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
}
