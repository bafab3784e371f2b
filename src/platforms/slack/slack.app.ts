/**
 * The Slack transport: a thin receiver around the shared conversation (src/chat/
 * conversation.ts). Slash commands, buttons and modal submissions become inputs run as the
 * Slack user (slack.handlers.ts); replies go back as Block Kit (slack.respond.ts). HTTP mode
 * listens on its own port; Socket Mode dials out to Slack. This file starts and stops it.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "@slack/bolt";
import type { Logger } from "pino";
import { handleLine } from "../../../commands/index.js";
import { Conversation } from "../../chat/conversation.js";
import type { Clock } from "../../services/clock.js";
import type { ServiceDeps } from "../../services/deps.js";
import { boltLogger, createBoltApp } from "./slack.bolt.js";
import { SLACK_EVENTS_PATH, type SlackConfig } from "./slack.config.js";
import { slackErrorCode } from "./slack.files.js";
import { wire } from "./slack.handlers.js";
import { directoryClient, SlackDirectory } from "./slack.users.js";
import { InFlight } from "../in-flight.js";

export { DEACTIVATED_IN_SLACK } from "./slack.handlers.js";

export interface StartSlackOptions {
  deps: ServiceDeps;
  log: Logger;
  config: SlackConfig;
  /** Overrides `deps.clock` (tests). */
  clock?: Clock;
  /** Time zone of teams created from Slack when their founder's is unknown. Default UTC. */
  timezone?: string;
}

export interface SlackHandle {
  /** The Bolt app, for tests and for the alerts work (its `client` posts as the bot). */
  app: App;
  /** HTTP mode: the port Bolt listens on. */
  port?: number;
  stop(): Promise<void>;
}

/**
 * Starts the Slack transport. A wrong token fails here (auth.test in init); problems after
 * start-up are answered by the error boundary, never thrown.
 */
export async function startSlack(options: StartSlackOptions): Promise<SlackHandle> {
  const { config } = options;
  const deps: ServiceDeps = options.clock ? { ...options.deps, clock: options.clock } : options.deps;
  const log = options.log.child({ transport: "slack" });
  const logger = boltLogger(log);
  const app = createBoltApp(config, logger);
  const directory = new SlackDirectory(directoryClient(config.botToken, { ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}), logger }), log);
  const conversation = new Conversation({ deps, log, route: handleLine, timezone: options.timezone ?? "UTC" });
  // Bolt answers Slack at ack() and goes on with the command; stopping waits for that work too.
  const inFlight = new InFlight();
  app.use(({ next }) => inFlight.run(next));
  wire(app, { deps, log, config, directory, conversation });

  try {
    await app.init();
  } catch (error) {
    throw new Error(`Slack did not accept SLACK_BOT_TOKEN (${slackErrorCode(error) ?? (error instanceof Error ? error.message : String(error))}).`, {
      cause: error,
    });
  }
  const stop = async () => {
    await app.stop();
    await inFlight.idle();
  };
  if (config.mode === "socket") {
    await app.start();
    log.info("Slack connected (Socket Mode)");
    return { app, stop };
  }
  const server = (await app.start(config.port)) as Server;
  const port = (server.address() as AddressInfo).port;
  log.info({ port, path: SLACK_EVENTS_PATH }, "Slack HTTP receiver listening");
  return { app, port, stop };
}
