import { existsSync } from "node:fs";
import { handleLine } from "../commands/index.js";
import { ConfigError, loadConfig, logLevel, shouldSeedDemo } from "./config.js";
import { startApp } from "./app.js";
import { createLogger } from "./logger.js";
import { admit } from "./services/identity.service.js";
import { ensureTeam } from "./services/team.service.js";
import { runConsole } from "./platforms/console/console.transport.js";
import { startSlack } from "./platforms/slack/slack.app.js";
import { startOutboxWorker } from "./delivery/outbox.worker.js";
import { createSlackDeliveryClient, slackSender } from "./platforms/slack/slack.outbox.js";
import { telegramSender } from "./platforms/telegram/telegram.outbox.js";
import { startJobs } from "./jobs/scheduler.js";
import { startTelegram } from "./platforms/telegram/telegram.bot.js";

type Senders = Parameters<typeof startOutboxWorker>[0]["senders"];

async function main(): Promise<void> {
  // A .env file in the working directory fills in what the environment leaves unset.
  if (existsSync(".env")) process.loadEnvFile(".env");
  // The one place the environment is read; everything below gets its part of this.
  const config = loadConfig(process.env);
  const { slack: slackConfig, telegram: telegramConfig } = config;
  const chatTokens = slackConfig !== null || telegramConfig !== null;
  // With no chat tokens the terminal is the chat; keep its stdout for the conversation.
  const consoleMode = config.CONSOLE === "on" || (config.CONSOLE === "auto" && !chatTokens);
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const log = createLogger(logLevel(config, consoleMode), interactive);
  const app = await startApp({ ...config, SEED_DEMO: shouldSeedDemo(config, { consoleMode, chatTokens }) }, log);
  const stops: Array<() => Promise<void>> = [];

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const stopTransport of stops.reverse()) await stopTransport().catch((err: unknown) => log.error({ err }, "stopping a transport failed"));
    await app.stop();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));

  try {
    const senders: Senders = {};
    if (slackConfig) {
      const slack = await startSlack({ deps: app.deps, log, config: slackConfig, timezone: config.DEFAULT_TIMEZONE });
      stops.push(() => slack.stop());
      // The worker's own client: Bolt's waits out 429s in place, which would stall the queue.
      senders.slack = slackSender(createSlackDeliveryClient({ token: slackConfig.botToken, ...(slackConfig.apiUrl ? { apiUrl: slackConfig.apiUrl } : {}) }));
    }
    if (telegramConfig) {
      const telegram = await startTelegram({ deps: app.deps, log, config: telegramConfig, timezone: config.DEFAULT_TIMEZONE });
      stops.push(() => telegram.stop());
      senders.telegram = telegramSender(telegram);
    }
    // Alerts and digests are stored first; this worker delivers them (with no sender for a
    // platform, its messages wait in the outbox).
    const outbox = startOutboxWorker({ deps: app.deps, log, senders, options: config.delivery });
    stops.push(() => outbox.stop());
    // Digests and re-scoring of due leads; safe with several instances (run records, locks).
    const jobs = startJobs({ deps: app.deps, log });
    stops.push(() => jobs.stop());
  } catch (error) {
    for (const stopTransport of stops.reverse()) await stopTransport().catch(() => {});
    await app.stop();
    throw error;
  }

  if (!consoleMode) return;
  const teamId = await ensureTeam(app.deps, { platform: "console", externalId: "local", name: "My team", timezone: config.DEFAULT_TIMEZONE });
  const admission = await admit(app.deps, teamId, { platform: "console", externalId: "local", displayName: "You" });
  // The console is the machine's own user: only an admin who removed "You" by hand gets here.
  if (admission.kind !== "member") throw new Error(`the console user is not an active member of team "${admission.teamName}"`);
  const { actor } = admission;
  if (interactive) {
    process.stdout.write(`Lead scoring bot: console chat as ${actor.name} (${actor.role}). HTTP on port ${app.http.port}.\nType /help, or exit to quit.\n`);
  }
  await runConsole({
    input: process.stdin,
    output: process.stdout,
    interactive,
    handle: (line, files) => handleLine(line, { deps: app.deps, actor, ...(files ? { files } : {}) }, log),
    exportDir: config.EXPORT_DIR,
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
