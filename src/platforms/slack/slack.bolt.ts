/**
 * The Bolt app for our Slack configuration: HTTP receiver or Socket Mode, a Web API client
 * that retries briefly, and Bolt's logs in ours.
 */
import { App, LogLevel, type Logger as BoltLogger, type webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { SLACK_EVENTS_PATH, type SlackConfig } from "./slack.config.js";

export function createBoltApp(config: SlackConfig, logger: BoltLogger): App {
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    // On 429 the client waits for Retry-After and tries again (rather than failing the reply).
    rejectRateLimitedCalls: false,
    // An answer in a chat is worth little an hour later: a few quick retries instead of Bolt's
    // default of ten over half an hour. A request that hangs is abandoned after 10 s.
    retryConfig: { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 4000, randomize: true },
    timeout: 10_000,
  };
  const shared = {
    token: config.botToken,
    logger,
    clientOptions,
    // The error handler gets the request body, to log context and answer the person.
    extendedErrorHandler: true,
    // auth.test runs in init(), so a wrong token stops start-up instead of failing every request.
    deferInitialization: true,
    convoStore: false as const,
  };
  return config.mode === "http"
    ? new App({
        ...shared,
        signingSecret: config.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        // Answer Slack's HTTP request as soon as ack() is called; the work continues after it.
        processBeforeResponse: false,
      })
    : new App({
        ...shared,
        socketMode: true,
        appToken: config.appToken,
        // The Socket Mode connection gets its own client options: with ours it would give up
        // reconnecting after a few quick retries; its default keeps trying through an outage.
        installerOptions: { clientOptions: config.apiUrl ? { slackApiUrl: config.apiUrl } : {} },
      });
}

/** Bolt and its Web API client log through our logger, at our level. */
export function boltLogger(log: Logger): BoltLogger {
  const levels: Record<string, LogLevel> = { trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN };
  const write = (level: "debug" | "info" | "warn" | "error") => (...parts: unknown[]) => {
    const err = parts.find((p): p is Error => p instanceof Error);
    const msg = parts.filter((p) => !(p instanceof Error)).map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
    if (err) log[level]({ err }, msg || err.message);
    else log[level](msg);
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    // Our level comes from LOG_LEVEL; Bolt may not change it.
    setLevel: () => {},
    getLevel: () => levels[log.level] ?? LogLevel.ERROR,
    setName: () => {},
  };
}
