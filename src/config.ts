import { z } from "zod";
import { ConfigError, type ReportProblem } from "./config-part.js";
import { deliveryConfigFrom, deliveryEnv, type DeliveryConfig } from "./delivery/delivery.config.js";
import { httpConfigFrom, httpEnv, type HttpConfig } from "./http/http.config.js";
import { slackConfigFrom, slackEnv, type SlackConfig } from "./platforms/slack/slack.config.js";
import { telegramConfigFrom, telegramEnv, type TelegramConfig } from "./platforms/telegram/telegram.config.js";

export { ConfigError } from "./config-part.js";

/** The core's variables: the store, the HTTP server's address, logs, the console chat. */
export const coreEnv = z.object({
  // An empty value (DATABASE_URL= in a .env file) means "not set".
  DATABASE_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL (leave it unset for the embedded database).")
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default("./data"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  // Unset: "info", or "warn" in console mode (see logLevel).
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  DEFAULT_TIMEZONE: z
    .string()
    .default("UTC")
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "DEFAULT_TIMEZONE must be an IANA time zone such as Europe/Berlin."),
  // Unset (or empty) lets the bot decide: see shouldSeedDemo.
  SEED_DEMO: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .enum(["true", "false", "1", "0"], { error: "SEED_DEMO must be true or false (or left unset)." })
      .transform((v) => v === "true" || v === "1")
      .optional(),
  ),
  CONSOLE: z.enum(["auto", "on", "off"]).default("auto"),
  /** Where the console chat saves files the bot sends (exports, charts). */
  EXPORT_DIR: z.string().min(1).default("./exports"),
});

export type CoreConfig = z.output<typeof coreEnv>;

/** Everything the bot is configured with: the core's settings, and each module's config. */
export interface Config extends CoreConfig {
  http: HttpConfig;
  /** Null: Slack is off (no SLACK_BOT_TOKEN). */
  slack: SlackConfig | null;
  /** Null: Telegram is off (no TELEGRAM_BOT_TOKEN). */
  telegram: TelegramConfig | null;
  delivery: DeliveryConfig;
}

/** Where the README explains a module's settings, named when one of them is wrong. */
const SEE_ALSO: Partial<Record<keyof typeof parts, string>> = {
  slack: `See the README's "Connect to Slack" section.`,
  telegram: `See the README's "Connect to Telegram" section.`,
};

const reporter =
  (ctx: z.RefinementCtx): ReportProblem =>
  (variable, message) =>
    ctx.addIssue({ code: "custom", path: [variable], message });

/**
 * The neighbours' variables a part checks against, with the neighbour's own rules. When one is
 * wrong its own part reports it; here it falls back to a value that clashes with nothing (port
 * 0 picks a free one), so this part's own checks still run and are reported too.
 */
const neighbours = {
  PORT: coreEnv.shape.PORT.catch(0),
  HOST: coreEnv.shape.HOST.catch(""),
  SLACK_PORT: slackEnv.shape.SLACK_PORT.catch(undefined),
};

/** Each module's part: its variables (and the neighbours' it checks against), turned into its config. */
const parts = {
  core: coreEnv,
  http: httpEnv.transform(httpConfigFrom),
  slack: slackEnv.extend({ PORT: neighbours.PORT }).transform((e, ctx) => slackConfigFrom(e, reporter(ctx))),
  telegram: telegramEnv.extend(neighbours).transform((e, ctx) => telegramConfigFrom(e, reporter(ctx))),
  delivery: deliveryEnv.transform(deliveryConfigFrom),
};

/**
 * The one configuration schema. Every part reads the whole environment side by side (each
 * object keeps only its own variables), so a mistake in one part never hides another's, and
 * one message lists them all.
 */
export const configSchema = z
  .preprocess((env) => Object.fromEntries(Object.keys(parts).map((name) => [name, env])), z.object(parts))
  .transform(({ core, ...modules }): Config => ({ ...core, ...modules }));

/** Every variable the bot reads (the README's configuration table and .env.example list them all). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys({
  ...coreEnv.shape,
  ...httpEnv.shape,
  ...slackEnv.shape,
  ...telegramEnv.shape,
  ...deliveryEnv.shape,
});

/**
 * Parses the environment, once, at start-up (main.ts and the scripts pass `process.env`; tests
 * pass their own). Throws a ConfigError listing every problem, each naming its variable.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems: string[] = [];
  const seeAlso = new Set<string>();
  for (const issue of parsed.error.issues) {
    const [part, variable] = issue.path as [keyof typeof parts, string];
    problems.push(`  ${variable}: ${issue.message}`);
    const see = SEE_ALSO[part];
    if (see) seeAlso.add(see);
  }
  throw new ConfigError(
    ["Configuration problem:", ...problems, "See .env.example and the README's configuration table.", ...seeAlso].join("\n"),
  );
}

/** The log level: LOG_LEVEL, or else `warn` in console mode (stdout is the conversation) and `info` otherwise. */
export function logLevel(config: Pick<Config, "LOG_LEVEL">, consoleMode: boolean): string {
  return config.LOG_LEVEL ?? (consoleMode ? "warn" : "info");
}

/**
 * Whether to put the demo team into an empty database. Only where it helps someone trying the
 * bot: the console on the embedded database. Never PostgreSQL, and never a database a Slack or
 * Telegram bot uses, unless SEED_DEMO=true says so.
 */
export function shouldSeedDemo(config: Pick<Config, "SEED_DEMO" | "DATABASE_URL">, run: { consoleMode: boolean; chatTokens: boolean }): boolean {
  if (config.SEED_DEMO !== undefined) return config.SEED_DEMO;
  return run.consoleMode && !run.chatTokens && !config.DATABASE_URL;
}
