import { existsSync } from "node:fs";
import { ConfigError, loadConfig, logLevel, shouldSeedDemo } from "./config.js";
import { startApp } from "./app.js";
import { createLogger } from "./logger.js";
import { startOutboxWorker, type Senders } from "./delivery/outbox.worker.js";
import type { RunningPlatform } from "./platforms/contract.js";
import type { OutboxPlatform } from "./platforms/names.js";
import { planPlatforms } from "./platforms/registry.js";
import { startJobs } from "./jobs/scheduler.js";
import { SHUTDOWN_TIMEOUT_MS, shutDown, type ShutdownStep } from "./shutdown.js";

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
  // What takes work (platforms, the outbox worker, the jobs), in the order it started.
  const stops: ShutdownStep[] = [];

  const metricsServer = app.metricsServer;
  let stopping: Promise<void> | undefined;
  /**
   * Stops gracefully, within SHUTDOWN_TIMEOUT_MS: first everything stops taking work and
   * finishes what it holds, side by side (HTTP requests in progress are answered, commands
   * being run finish, the outbox worker's claimed messages go back to the queue, jobs stop after
   * the team they are on); then the database is closed, which releases DATA_DIR's lock. Past
   * the bound, or on a second signal, the process exits at once with status 1.
   */
  const stop = (code: number, why: string): Promise<void> =>
    (stopping ??= (async () => {
      log.info({ why, timeoutMs: SHUTDOWN_TIMEOUT_MS, inFlightHttp: app.http.inFlight }, "shutting down: finishing the work in progress");
      const result = await shutDown(
        [
          [
            { name: "http", stop: () => app.http.close() },
            ...(metricsServer ? [{ name: "metrics", stop: () => metricsServer.close() }] : []),
            ...stops,
          ],
          [{ name: "database", stop: () => app.store.close() }],
        ],
        { log, timeoutMs: SHUTDOWN_TIMEOUT_MS },
      );
      if (!result.done) log.error({ pending: result.pending, timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown took too long; exiting without finishing");
      else log.info("stopped");
      process.exit(result.done ? code : 1);
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting without finishing");
      process.exit(1);
    }
    void stop(0, signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

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
      stops.push({ name: platform.name, stop: () => started.stop() });
      running.push(started);
      // A platform with a sender is one the outbox delivers to (OutboxPlatform says which, by type).
      if (started.sender) senders[platform.name as OutboxPlatform] = started.sender;
    }
    // Alerts and digests are stored first; this worker delivers them (with no sender for a
    // platform, its messages wait in the outbox).
    // Rate limits are the store's choice: shared by every instance on PostgreSQL (src/app.ts).
    const outbox = startOutboxWorker({ deps: app.deps, log, senders, options: { ...config.delivery, limiter: app.limits.sends } });
    stops.push({ name: "outbox", stop: () => outbox.stop() });
    // Digests, re-scoring of due leads and retention of anonymous activity; safe with several
    // instances (run records, locks, idempotent deletes).
    const jobs = startJobs({ deps: app.deps, log, options: { anonymousRetentionDays: config.jobs.anonymousRetentionDays } });
    stops.push({ name: "jobs", stop: () => jobs.stop() });
  } catch (error) {
    for (const step of stops.reverse()) await step.stop().catch(() => {});
    await app.stop();
    throw error;
  }

  // The console's conversation, once everything else runs; the bot stops when it ends.
  const foreground = running.find((platform) => platform.foreground);
  if (!foreground?.foreground) return;
  await foreground.foreground();
  await stop(0, "the console's input ended");
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
