/**
 * The one contract every chat platform implements. Each lives in its own folder
 * (src/platforms/<name>/index.ts) and is listed once in registry.ts; src/config.ts, src/main.ts
 * and the outbox worker know platforms only through this interface. README: "Add a chat platform".
 */
import type { Readable, Writable } from "node:stream";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Reply } from "../chat/reply.js";
import type { ReportProblem } from "../config-part.js";
import type { Sender } from "../delivery/delivery-error.js";
import type { ServiceDeps } from "../services/deps.js";
import type { Platform } from "./names.js";

// What a platform's outbox sender deals in, so that an implementation needs this file only.
export { DeliveryError, type Sender } from "../delivery/delivery-error.js";
export type { RateRule } from "../delivery/rate-limiter.js";

/**
 * A chat platform: its settings, how it shows a reply, and how it runs.
 *
 * Receiving is part of running: from `start` on, the platform turns each of its own updates (a
 * slash command, a message, a button press, a form submitted, a file shared) into an Inbound
 * (src/chat/inbound.ts: place, person, and a command line, button, form submission or file),
 * hands it to the one receive pipeline (src/chat/conversation.ts: who is speaking, the gate,
 * the router) and answers with the reply it gives back, rendered by `render`.
 */
export interface ChatPlatform<Config, Payload = unknown, Running extends RunningPlatform = RunningPlatform> {
  /** Its key in the registry, stored with its teams, people and chats. */
  readonly name: Platform;
  /** Its share of the configuration; src/config.ts composes every platform's with the rest. */
  readonly config: PlatformConfigPart<Config>;
  /** A reply model as this platform's message (Block Kit, Telegram HTML, text with numbered choices). */
  render(reply: Reply): Payload;
  /**
   * Connects and starts taking updates. Called only when its config is set (not null), once,
   * before the outbox worker starts; throws when it cannot start (a wrong token), which stops
   * start-up. Problems after that are logged, never thrown.
   */
  start(env: PlatformEnv<Config>): Promise<Running>;
  /**
   * Only on the machine's own terminal (the console), which is not a chat service: it never
   * counts as one (seeding the demo team, see shouldSeedDemo), and when a chat service is
   * configured too it runs only if `alongside(config)` says so (CONSOLE=on, not auto).
   */
  readonly local?: { alongside(config: Config): boolean };
}

/**
 * A platform's variables and how they become its config. Like every module's part (see
 * src/config-part.ts): parsed side by side with the others', so one message lists every mistake.
 */
export interface PlatformConfigPart<Config> {
  /** Its own variables (the README's configuration table and .env.example list every one). */
  readonly env: z.ZodObject;
  /**
   * Variables of other parts it checks against (a port it must not take too, the host to
   * listen on), read with their owner's rules. Undefined when wrong: their own part reports it.
   */
  readonly neighbours?: readonly string[];
  /**
   * Its parsed variables, with its neighbours', as its config; null when the platform is not
   * configured (its token unset). A half-configured platform is reported through `report`,
   * naming the variable (any problem stops start-up, so what it returns then is never used).
   */
  from(values: Record<string, unknown>, report: ReportProblem): Config | null;
  /** Where the README explains its settings, named when one of them is wrong. */
  readonly seeAlso?: string;
}

/** What a platform starts with. */
export interface PlatformEnv<Config> {
  config: Config;
  deps: ServiceDeps;
  log: Logger;
  /** Time zone of teams the platform creates when it knows no better (DEFAULT_TIMEZONE). */
  timezone: string;
  /**
   * The process's own terminal. Only a `local` platform converses over it; the others leave it
   * alone (in console mode stdout is the conversation; logs go to stderr).
   */
  terminal: { input: Readable; output: Writable; interactive: boolean };
  /** The HTTP API's port, for a greeting that names it. */
  httpPort: number;
}

/** A started platform. */
export interface RunningPlatform {
  /** Stops taking updates and waits for those in progress. */
  stop(): Promise<void>;
  /**
   * The outbox's way out (alerts, digests, notices to shared chats): see Sender. Absent on a
   * platform with no chats to deliver to (the console); their messages wait in the outbox.
   */
  readonly sender?: Sender;
  /**
   * A conversation held in the foreground (the console's, over the terminal), run once
   * everything else has started; the bot stops when it resolves.
   */
  foreground?(): Promise<void>;
}

/** A running platform that delivers outbox messages: its handle has a sender. */
export interface DeliveringPlatform extends RunningPlatform {
  readonly sender: Sender;
}

/** The config a platform's part yields when it is configured. */
export type ConfigOf<P> = P extends ChatPlatform<infer Config, unknown, RunningPlatform> ? Config : never;
