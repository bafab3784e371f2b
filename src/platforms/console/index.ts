/**
 * The console as a ChatPlatform: the terminal is the chat, spoken by the machine's own user
 * ("You", an admin of "My team"). It has no shared chats, so no outbox sender: alerts and
 * digests for a console team wait in the outbox.
 */
import type { IncomingFile } from "../../chat/reply.js";
import { renderText } from "../../chat/text.render.js";
import type { ChatPlatform } from "../contract.js";
import { InFlight } from "../in-flight.js";
import { consoleConfigFrom, consoleEnv, type ConsoleConfig } from "./console.config.js";

export const consolePlatform: ChatPlatform<ConsoleConfig, ReturnType<typeof renderText>> = {
  name: "console",
  config: { env: consoleEnv, from: consoleConfigFrom },
  render: renderText,
  local: { alongside: (config) => config.mode === "on" },
  async start({ config, deps, log, timezone, terminal, httpPort }) {
    // Loaded when it starts, like every platform's running code: src/config.ts reads this file
    // (through the registry) for the config part alone.
    const [{ handleLine }, { admit }, { ensureTeam }, { runConsole }, { answerLanguages }] = await Promise.all([
      import("../../../commands/index.js"),
      import("../../services/identity.service.js"),
      import("../../services/team.service.js"),
      import("./console.transport.js"),
      import("../../chat/conversation.js"),
    ]);
    const teamId = await ensureTeam(deps, { platform: "console", externalId: "local", name: "My team", timezone });
    const you = { platform: "console", externalId: "local", displayName: "You" } as const;
    const admitYou = async () => {
      const admission = await admit(deps, teamId, you);
      // The console is the machine's own user: only an admin who removed "You" by hand gets here.
      if (admission.kind !== "member") throw new Error(`the console user is not an active member of team "${admission.teamName}"`);
      return admission.actor;
    };
    const actor = await admitYou();
    // Each line as the person is now: a language or role changed by the line before counts.
    const run = async (line: string, files?: IncomingFile[]) => {
      const now = await admitYou();
      return handleLine(line, { deps, actor: now, languages: answerLanguages(now, { shared: false }), ...(files ? { files } : {}) }, log);
    };
    const inFlight = new InFlight();
    return {
      // The conversation ends with its input, and the bot with it; stopping (a signal) lets the line being answered finish.
      stop: () => inFlight.idle(),
      async foreground() {
        if (terminal.interactive) {
          terminal.output.write(`Lead scoring bot: console chat as ${actor.name} (${actor.role}). HTTP on port ${httpPort}.\nType /help, or exit to quit.\n`);
        }
        await runConsole({
          input: terminal.input,
          output: terminal.output,
          interactive: terminal.interactive,
          handle: (line: string, files?: IncomingFile[]) => inFlight.run(() => run(line, files)),
          exportDir: config.exportDir,
        });
      },
    };
  },
};
