import { handleLine } from "./chat/router.js";
import { ConfigError, loadConfig } from "./config.js";
import { startApp } from "./app.js";
import { createLogger } from "./logger.js";
import { actorFor, ensureTeam } from "./services/team.service.js";
import { runConsole } from "./transports/console/console.transport.js";

async function main(): Promise<void> {
  const config = loadConfig();
  // With no chat tokens the terminal is the chat; keep its stdout for the conversation.
  const consoleMode = config.CONSOLE === "on" || config.CONSOLE === "auto";
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const level = consoleMode && !process.env.LOG_LEVEL ? "warn" : config.LOG_LEVEL;
  const log = createLogger(level, interactive);
  const app = await startApp(config, log);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await app.stop();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));

  if (!consoleMode) return;
  const teamId = await ensureTeam(app.deps, { platform: "console", externalId: "local", name: "My team", timezone: config.DEFAULT_TIMEZONE });
  const actor = await actorFor(app.deps, teamId, { platform: "console", externalId: "local", displayName: "You" });
  if (interactive) {
    process.stdout.write(`Lead scoring bot: console chat as ${actor.name} (${actor.role}). HTTP on port ${app.http.port}.\nType /help, or exit to quit.\n`);
  }
  await runConsole({
    input: process.stdin,
    output: process.stdout,
    interactive,
    handle: (line) => handleLine(line, { deps: app.deps, actor }, log),
  });
  await stop(0);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
