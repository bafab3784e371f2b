import { existsSync } from "node:fs";
import { ConfigError, loadConfig, logLevel, shouldSeedDemo } from "./config.js";
import { startApp } from "./app.js";
import { createLogger } from "./logger.js";
import { startOutboxWorker, type Senders } from "./delivery/outbox.worker.js";
import type { RunningPlatform } from "./platforms/contract.js";
import type { OutboxPlatform } from "./platforms/names.js";
import { planPlatforms } from "./platforms/registry.js";
import { startJobs } from "./jobs/scheduler.js";

async function main(): Promise<void> {
  // A .env file in the working directory fills in what the environment leaves unset.
  if (existsSync(".env")) process.loadEnvFile(".env");
  // The one place the environment is read; everything below gets its part of this.
  const config = loadConfig(process.env);
  // With no chat service configured the terminal is the chat (CONSOLE=auto); keep its stdout for the conversation.
  const plan = planPlatforms(config);
  const consoleMode = plan.terminal;
  const chatTokens = plan.chatServices;
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

  const running: RunningPlatform[] = [];
  try {
    const senders: Senders = {};
    for (const platform of plan.run) {
      const started = await platform.start({
        deps: app.deps,
        log,
        timezone: config.DEFAULT_TIMEZONE,
        terminal: { input: process.stdin, output: process.stdout, interactive },
        httpPort: app.http.port,
      });
      stops.push(() => started.stop());
      running.push(started);
      // A platform with a sender is one the outbox delivers to (OutboxPlatform says which, by type).
      if (started.sender) senders[platform.name as OutboxPlatform] = started.sender;
    }
    // Alerts and digests are stored first; this worker delivers them (with no sender for a
    // platform, its messages wait in the outbox).
    // Rate limits are the store's choice: shared by every instance on PostgreSQL (src/app.ts).
    const outbox = startOutboxWorker({ deps: app.deps, log, senders, options: { ...config.delivery, limiter: app.limits.sends } });
    stops.push(() => outbox.stop());
    // Digests and re-scoring of due leads; safe with several instances (run records, locks).
    const jobs = startJobs({ deps: app.deps, log });
    stops.push(() => jobs.stop());
  } catch (error) {
    for (const stopTransport of stops.reverse()) await stopTransport().catch(() => {});
    await app.stop();
    throw error;
  }

  // The console's conversation, once everything else runs; the bot stops when it ends.
  const foreground = running.find((platform) => platform.foreground);
  if (!foreground?.foreground) return;
  await foreground.foreground();
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
