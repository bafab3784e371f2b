import { z } from "zod";
import { unset, type ReportProblem } from "../../config-part.js";

/** Slack's variables (src/config.ts composes them with every other module's). */
export const slackEnv = z.object({
  SLACK_BOT_TOKEN: z.preprocess(
    unset,
    z.string().startsWith("xoxb-", "SLACK_BOT_TOKEN is the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page.").optional(),
  ),
  SLACK_SIGNING_SECRET: z.preprocess(unset, z.string().min(8, "SLACK_SIGNING_SECRET is the Signing Secret from the app's Basic Information page.").optional()),
  SLACK_APP_TOKEN: z.preprocess(
    unset,
    z.string().startsWith("xapp-", "SLACK_APP_TOKEN is an app-level token (xapp-…) with the connections:write scope.").optional(),
  ),
  SLACK_API_URL: z.preprocess(unset, z.url("SLACK_API_URL must be a URL such as https://slack-gov.com/api/.").optional()),
  // Left unset here (the default is applied below): Telegram compares its port only with one set on purpose.
  SLACK_PORT: z.preprocess(unset, z.coerce.number().int().min(0).max(65_535).optional()),
});

export type SlackEnv = z.output<typeof slackEnv>;

/** Slack's port in HTTP mode when SLACK_PORT is unset. */
export const DEFAULT_SLACK_PORT = 3001;

interface Common {
  botToken: string;
  /** Web API base URL, ending in `/` (GovSlack, or a fake Slack in tests). Slack's own when unset. */
  apiUrl?: string;
}

/**
 * How the Slack transport connects. HTTP: Slack posts to `/slack/events` on `port` (its own
 * port, 0 = any free one). Socket Mode: the bot dials out over a WebSocket, so no public URL
 * is needed (handy behind a firewall or on a laptop).
 */
export type SlackConfig =
  | (Common & { mode: "http"; signingSecret: string; port: number })
  | (Common & { mode: "socket"; appToken: string });

/** The path Slack posts slash commands, buttons and modal submissions to in HTTP mode. */
export const SLACK_EVENTS_PATH = "/slack/events";

/**
 * The Slack settings from its parsed variables and the HTTP API's `PORT` (to refuse a clash;
 * undefined when PORT itself is wrong).
 * Null when Slack is not configured (no bot token); a half-configured Slack is reported,
 * naming the variable.
 */
export function slackConfigFrom(e: SlackEnv & { PORT?: number | undefined }, report: ReportProblem): SlackConfig | null {
  if (!e.SLACK_BOT_TOKEN) {
    if (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) report("SLACK_BOT_TOKEN", "set it too (xoxb-…), or unset the other SLACK_* variables.");
    return null;
  }
  // WebClient joins method names onto the base URL, so it must end with a slash.
  const apiUrl = e.SLACK_API_URL ? e.SLACK_API_URL.replace(/\/?$/, "/") : undefined;
  const common: Common = { botToken: e.SLACK_BOT_TOKEN, ...(apiUrl ? { apiUrl } : {}) };
  if (e.SLACK_APP_TOKEN) return { ...common, mode: "socket", appToken: e.SLACK_APP_TOKEN };
  if (!e.SLACK_SIGNING_SECRET) {
    report("SLACK_SIGNING_SECRET", "required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode).");
    return null;
  }
  const port = e.SLACK_PORT ?? DEFAULT_SLACK_PORT;
  if (port !== 0 && port === e.PORT) {
    report("SLACK_PORT", `${port} is already the HTTP API's PORT; pick another one.`);
    return null;
  }
  return { ...common, mode: "http", signingSecret: e.SLACK_SIGNING_SECRET, port };
}
