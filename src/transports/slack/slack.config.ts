import { z } from "zod";
import { ConfigError } from "../../config.js";

/** An empty value (`SLACK_APP_TOKEN=` in a .env file) means "not set". */
const unset = (value: unknown) => (value === "" ? undefined : value);

const SlackEnv = z.object({
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
  SLACK_PORT: z.preprocess(unset, z.coerce.number().int().min(0).max(65_535).default(3001)),
  // Read only to refuse a Slack port that collides with the HTTP API's.
  PORT: z.preprocess(unset, z.coerce.number().int().optional()),
});

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
 * Reads the Slack settings from the environment. Returns null when Slack is not configured
 * (no bot token); a half-configured Slack stops start-up with a message naming the variable.
 */
export function loadSlackConfig(env: NodeJS.ProcessEnv = process.env): SlackConfig | null {
  const parsed = SlackEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new ConfigError(`Slack configuration problem:\n${problems}\nSee the README's "Connect to Slack" section.`);
  }
  const e = parsed.data;
  if (!e.SLACK_BOT_TOKEN) {
    if (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) {
      throw new ConfigError("Slack configuration problem:\n  SLACK_BOT_TOKEN: set it too (xoxb-…), or unset the other SLACK_* variables.");
    }
    return null;
  }
  // WebClient joins method names onto the base URL, so it must end with a slash.
  const apiUrl = e.SLACK_API_URL ? e.SLACK_API_URL.replace(/\/?$/, "/") : undefined;
  const common: Common = { botToken: e.SLACK_BOT_TOKEN, ...(apiUrl ? { apiUrl } : {}) };
  if (e.SLACK_APP_TOKEN) return { ...common, mode: "socket", appToken: e.SLACK_APP_TOKEN };
  if (!e.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      "Slack configuration problem:\n  SLACK_SIGNING_SECRET: required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode).",
    );
  }
  if (e.SLACK_PORT !== 0 && e.SLACK_PORT === (e.PORT ?? 3000)) {
    throw new ConfigError(`Slack configuration problem:\n  SLACK_PORT: ${e.SLACK_PORT} is already the HTTP API's PORT; pick another one.`);
  }
  return { ...common, mode: "http", signingSecret: e.SLACK_SIGNING_SECRET, port: e.SLACK_PORT };
}
