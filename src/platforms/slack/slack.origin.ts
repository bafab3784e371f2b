/**
 * Where a Slack request came from, and the ways back to the person who sent it; and the same
 * as the shared conversation sees it (src/chat/inbound.ts): the workspace is the team, the
 * channel (or DM) is the place.
 */
import { webApi } from "@slack/bolt";
import type { Person, Place } from "../../chat/inbound.js";
import type { SlackDirectory } from "./slack.users.js";

export type WebClient = webApi.WebClient;

/**
 * A request's origin. `followUp`: a newcomer's held command, run when an admin approved them;
 * it has no response_url of theirs.
 */
export interface Origin {
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

/** The workspace is the team; a DM with the app is no place for the team's alerts. */
export function placeOf(origin: Origin): Place {
  return {
    platform: "slack",
    team: { externalId: origin.slackTeamId, name: origin.teamName },
    chatId: origin.channelId ?? null,
    shared: origin.channelId !== undefined && !isDirectMessage(origin.channelId),
    // A command's answer is ephemeral unless its view posts it to the channel.
    privateAnswers: true,
  };
}

/** The person as people know them: users.info's real name, handle, time zone and locale (the request's handle if Slack does not say). */
export async function personOf(directory: SlackDirectory, origin: Origin): Promise<Person> {
  const profile = await directory.profile(origin.slackTeamId, origin.userId, origin.userName);
  return { platform: "slack", externalId: origin.userId, displayName: profile.name, username: profile.username, timezone: profile.timezone, language: profile.locale };
}

/** A direct message (with the app or between people): Slack's ids for those start with D. */
export function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith("D");
}

/** Slack sends `&`, `<` and `>` in command text as HTML entities; commands want what was typed. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
