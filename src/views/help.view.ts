/**
 * /help: the commands with their one-line summaries, and one command's usage and help, in the
 * reader's language. What a command is (name, usage, examples) stays as typed.
 */
import { reply, usageReply, type Reply } from "../chat/reply.js";
import type { MessageKey, Translator } from "../i18n/index.js";

/** What /help shows of a command (commands/types.ts has the rest). */
export interface HelpTopic {
  name: string;
  summary: MessageKey;
  usage: string[];
  help: MessageKey;
  examples?: Record<string, string>;
}

export const HELP_USAGE = "/help [command]";

/** Every command and what it does. */
export function helpIndexReply(t: Translator, commands: readonly HelpTopic[]): Reply {
  return reply([
    { type: "header", text: t.t("help.header") },
    { type: "list", items: commands.map((c) => `/${c.name} · ${t.t(c.summary)}`) },
    { type: "context", text: t.t("help.footer", { example: "/help <command>" }) },
  ]);
}

/** One command: what it does, how it is typed, examples. */
export function helpTopicReply(t: Translator, command: HelpTopic): Reply {
  return reply([
    { type: "header", text: `/${command.name}` },
    { type: "text", text: t.t(command.summary) },
    { type: "list", title: t.t("help.usage"), items: command.usage },
    { type: "text", text: t.t(command.help, command.examples) },
  ]);
}

/** The form engine's /cancel, which is no registered command but belongs in a command menu. */
const CANCEL = { name: "cancel", summary: "command.cancel.summary" } as const;

/** A command menu (Telegram's) in the reader's language: each command's summary, then /cancel. */
export function commandMenu(t: Translator, commands: readonly Pick<HelpTopic, "name" | "summary">[]): Array<{ command: string; description: string }> {
  return [...commands, CANCEL].map((c) => ({ command: c.name, description: t.t(c.summary) }));
}

/** A command nobody registered. */
export function noSuchCommandReply(t: Translator, name: string, names: readonly string[]): Reply {
  return usageReply(t.t("help.unknown", { name }), `/help [${names.join("|")}]`, t);
}
