/**
 * The platforms' own words: what a renderer adds to a reply (a form shown as text, a message cut
 * short), and the notices a transport says itself (an expired button, a failure, where a private
 * answer went). In the reader's language (`t`); a bot's @name and commands are placeholders.
 */
import type { FormField } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";

/** A form's field as text, where the form cannot open: its label, the answers to type, and its current answer. */
export function formFieldText(field: FormField, t: Translator): string {
  const options = field.options ? ` (${field.options.join("/")})` : "";
  const shown = `${field.label}${options}`;
  return field.initial ? t.t("platform.formField", { field: shown, answer: field.initial }) : shown;
}

/** The last line of a message cut to the platform's limit. */
export const shortenedNote = (platform: "slack" | "telegram", t: Translator): string => t.t("platform.shortened", { platform });

/** A failure of ours, told to the person who was waiting. */
export const sorryText = (t: Translator): string => t.t("platform.sorry");

/** Slack's last-resort apology, when a request failed before its answer. */
export const slackSorryText = (t: Translator): string => t.t("platform.slack.sorry");

/** A pressed button this bot cannot read (`broken`), or whose stored command has expired. */
export const buttonGoneText = (why: "broken" | "expired", t: Translator): string => t.t(why === "broken" ? "platform.button.broken" : "platform.button.expired");

/** The button that asks again for a form whose modal could not open in time (Slack). */
export const openFormLabel = (t: Translator): string => t.t("platform.slack.openForm");

/** A Slack modal's own buttons and its menu's placeholder. */
export const modalWords = (t: Translator) => ({ save: t.t("platform.slack.save"), cancel: t.t("platform.slack.cancel"), choose: t.t("platform.slack.choose") });

/** A private answer's files went to the person's direct messages with the app (Slack). */
export const filesInDmNote = (count: number, t: Translator): string => t.t("platform.slack.filesInDm", { count });

/** An anonymous group admin asked something (Telegram): the bot cannot tell who they are. */
export const anonymousAdminText = (t: Translator): string => t.t("platform.telegram.anonymous");

/** The name a Telegram group without a title gives its team, in its founder's language. */
export const untitledGroupName = (t: Translator): string => t.t("platform.telegram.untitledGroup");

/** `bot`: the bot's @username, when known; "none" otherwise, which the messages' select words. */
const botName = (bot: string | undefined) => (bot ? `@${bot}` : "none");

/** How to let the bot write to someone privately (Telegram: only after they started it). */
export const startHintText = (bot: string | undefined, t: Translator): string => t.t("platform.telegram.startHint", { bot: botName(bot), start: "/start" });

/** A private answer that could not reach the person privately: the group hears only this. */
export const onlyPrivatelyText = (hint: string, t: Translator): string => t.t("platform.telegram.onlyPrivately", { hint });

/** A private answer went to the person's private chat with the bot. */
export const sentPrivatelyText = (t: Translator): string => t.t("platform.telegram.sentPrivately");

/** Files that went to the group because the person never started the bot: how to get them privately next time. */
export const filesHintText = (count: number, bot: string | undefined, t: Translator): string =>
  t.t("platform.telegram.filesHint", { count, bot: botName(bot), start: "/start" });

/** A private answer's files went to the person's private chat with the bot. */
export const filesSentText = (count: number, t: Translator): string => t.t("platform.telegram.filesSent", { count });

/** The text above buttons that came without words (Telegram sends no message without text). */
export const buttonsBelowText = (t: Translator): string => t.t("platform.telegram.buttonsBelow");

/** How to import a file in Slack: the command, shared with the file. */
export const importUsageText = (t: Translator): string => t.t("platform.slack.importUsage", { command: "/lead import" });

/** A shared file we failed to handle (Slack: a message has no other way back). */
export const fileFailedText = (t: Translator): string => t.t("platform.slack.fileFailed");

/** Why a file someone sent could not be fetched from their platform (a too-large file is lead-file.view's). */
export type DownloadProblem =
  | { kind: "telegramFailed"; name: string; status?: number }
  | { kind: "slackNoDownload"; name: string }
  | { kind: "slackWebPage"; name: string }
  | { kind: "slackRedirected"; name: string }
  | { kind: "slackLater"; name: string; status?: number }
  | { kind: "slackRefused"; name: string; status?: number };

/** A download problem in the reader's words; the scope to grant is what Slack's settings call it. */
export function downloadProblemText(p: DownloadProblem, t: Translator): string {
  const scope = "files:read";
  const status = "status" in p ? String(p.status) : "";
  switch (p.kind) {
    case "telegramFailed":
      return t.t("platform.telegram.downloadFailed", { name: p.name, status });
    case "slackNoDownload":
      return t.t("platform.slack.noDownload", { name: p.name });
    case "slackWebPage":
      return t.t("platform.slack.webPage", { name: p.name, scope });
    case "slackRedirected":
      return t.t("platform.slack.redirected", { name: p.name, scope });
    case "slackLater":
      return t.t("platform.slack.downloadLater", { name: p.name, status });
    case "slackRefused":
      return t.t("platform.slack.downloadRefused", { name: p.name, status, scope });
  }
}
