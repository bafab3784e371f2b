import { replyT } from "../src/chat/command-context.js";
import { helpIndexReply, helpTopicReply, HELP_USAGE, noSuchCommandReply } from "../src/views/help.view.js";
import type { CommandDefinition } from "./types.js";

/** /help needs the list of commands; the registry passes it in to avoid an import cycle. */
export function helpCommand(all: () => CommandDefinition[]): CommandDefinition {
  return {
    name: "help",
    summary: "command.help.summary",
    menu: {
      description: "command.help.menu",
      // The other commands, as registered: a new one shows up here by itself.
      get hint() {
        return `[${all()
          .filter((c) => c.name !== "help")
          .map((c) => c.name)
          .join("|")}]`;
      },
    },
    usage: [HELP_USAGE],
    help: "command.help.help",
    examples: { lead: "/help lead", weights: "/help weights" },
    async run(line, ctx) {
      const wanted = line.args[0]?.replace(/^\//, "").toLowerCase();
      const commands = all();
      const t = replyT(ctx);
      if (!wanted) return helpIndexReply(t, commands);
      const command = commands.find((c) => c.name === wanted);
      if (!command) return noSuchCommandReply(t, wanted, commands.map((c) => c.name));
      return helpTopicReply(t, command);
    },
  };
}
