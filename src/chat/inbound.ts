/**
 * What every chat platform hands the conversation: who spoke, where, and what they did. A
 * platform turns its own update (a Slack slash command, a Telegram message, a line typed in
 * the terminal) into one of these; nothing below this point knows which platform it was.
 */
import type { Platform } from "../platforms/names.js";
import type { IncomingFile } from "./reply.js";

/** A person as their platform knows them. */
export interface Person {
  platform: Platform;
  /** Their id on the platform (Slack user id, Telegram user id). */
  externalId: string;
  displayName: string;
  /** A handle teammates type to name them (Telegram @username), lower-case, without "@". */
  username?: string | null;
  /** Their IANA time zone, when the platform tells it (Slack's users.info). */
  timezone?: string | null;
  /** Their language tag, when the platform tells it (Telegram's language_code "uk", Slack's locale "pl-PL"). */
  language?: string | null;
}

/**
 * Where they spoke.
 * - `team`: the platform's place that *is* a team (a Slack workspace, a Telegram group), or
 *   null in a private chat that acts for one of the person's teams (Telegram).
 * - `chatId`: the conversation the answer goes back to; null when the platform does not say (a
 *   Slack button pressed outside any conversation), and then the answer goes back its own way.
 * - `shared`: whether others read this chat (a channel or group) or only the person (a DM).
 * - `privateAnswers`: the platform shows a command's answer to the person alone even in a
 *   shared chat (Slack's ephemeral messages), so it is written in their language.
 */
export interface Place {
  platform: Platform;
  team: { externalId: string; name: string; /** A new team posts its alerts and digest here. */ alertsHere?: boolean } | null;
  chatId: string | null;
  shared: boolean;
  privateAnswers?: boolean;
}

/** What they did. */
export type Input =
  /** Typed a command line (or free text: the router explains). */
  | { kind: "command"; line: string }
  /** Pressed a button that runs a command as them. */
  | { kind: "button"; command: string }
  /** Submitted a form: its answers appended to the form's command. */
  | { kind: "form"; line: string }
  /** Sent a file with a command (a CSV to import). */
  | { kind: "file"; line: string; files: IncomingFile[] };

export interface Inbound {
  place: Place;
  person: Person;
  input: Input;
}
