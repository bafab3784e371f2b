import { reply, usageReply } from "../src/chat/reply.js";
import type { CommandDefinition } from "./types.js";

/** /help needs the list of commands; the registry passes it in to avoid an import cycle. */
export function helpCommand(all: () => CommandDefinition[]): CommandDefinition {
  return {
    name: "help",
    summary: "What each command does.",
    menu: {
      description: "What each lead-scoring command does",
      // The other commands, as registered: a new one shows up here by itself.
      get hint() {
        return `[${all()
          .filter((c) => c.name !== "help")
          .map((c) => c.name)
          .join("|")}]`;
      },
    },
    usage: ["/help [command]"],
    help: "Try /help lead or /help weights.",
    async run(line) {
      const wanted = line.args[0]?.replace(/^\//, "").toLowerCase();
      const commands = all();
      if (!wanted) {
        return reply([
          { type: "header", text: "Lead scoring bot" },
          { type: "list", items: commands.map((c) => `/${c.name} · ${c.summary}`) },
          { type: "context", text: "/help <command> for examples. Leads can be named by part of the name, email, phone or #id." },
        ]);
      }
      const command = commands.find((c) => c.name === wanted);
      if (!command) return usageReply(`There is no /${wanted} command.`, `/help [${commands.map((c) => c.name).join("|")}]`);
      return reply([
        { type: "header", text: `/${command.name}` },
        { type: "text", text: command.summary },
        { type: "list", title: "Usage", items: command.usage },
        { type: "text", text: command.help },
      ]);
    },
  };
}
