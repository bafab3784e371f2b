import { z } from "zod";
import { ConfigError, type ReportProblem } from "./config-part.js";
import { deliveryConfigFrom, deliveryEnv, type DeliveryConfig } from "./delivery/delivery.config.js";
import { httpConfigFrom, httpEnv, type HttpConfig } from "./http/http.config.js";
import { jobsConfigFrom, jobsEnv, type JobsConfig } from "./jobs/jobs.config.js";
import { METRICS_NEIGHBOURS, metricsConfigFrom, metricsEnv, type MetricsConfig } from "./metrics/metrics.config.js";
import { PLATFORM_LIST, type PlatformConfigs } from "./platforms/registry.js";

export { ConfigError } from "./config-part.js";

/** The core's variables: the store, the HTTP server's address, logs. */
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
});

export type CoreConfig = z.output<typeof coreEnv>;

/**
 * Everything the bot is configured with: the core's settings, each module's config, and each
 * chat platform's under its name (null: that platform is off, e.g. no SLACK_BOT_TOKEN).
 */
export interface Config extends CoreConfig, PlatformConfigs {
  http: HttpConfig;
  delivery: DeliveryConfig;
  metrics: MetricsConfig;
  jobs: JobsConfig;
}

/** Where the README explains a part's settings, named when one of them is wrong. */
const SEE_ALSO: Record<string, string> = Object.fromEntries(PLATFORM_LIST.flatMap((p) => (p.config.seeAlso ? [[p.name, p.config.seeAlso]] : [])));

const reporter =
  (ctx: z.RefinementCtx): ReportProblem =>
  (variable, message) =>
    ctx.addIssue({ code: "custom", path: [variable], message });

/** Every variable's own rule, by name: the core's, each module's and each platform's. */
const RULES: z.core.$ZodLooseShape = {
  ...coreEnv.shape,
  ...httpEnv.shape,
  ...Object.fromEntries(PLATFORM_LIST.flatMap((p) => Object.entries(p.config.env.shape))),
  ...deliveryEnv.shape,
  ...metricsEnv.shape,
  ...jobsEnv.shape,
};

/**
 * The neighbours' variables a platform checks against, with their owner's rules. When one is
 * wrong its own part reports it; here it is undefined, which clashes with nothing, so this
 * part's own checks still run and are reported too.
 */
function neighbours(names: readonly string[] = []): z.core.$ZodLooseShape {
  return Object.fromEntries(
    names.map((name) => {
      const rule = RULES[name];
      // A typo in a platform's list of neighbours is a bug, found on the first start.
      if (!(rule instanceof z.ZodType)) throw new Error(`no configuration variable ${name} to check against`);
      return [name, rule.catch(undefined)];
    }),
  );
}

/** Each part: its variables (and the neighbours' it checks against), turned into its config. */
const parts = {
  core: coreEnv,
  http: httpEnv.transform(httpConfigFrom),
  ...Object.fromEntries(
    PLATFORM_LIST.map(({ name, config }) => [
      name,
      config.env.extend(neighbours(config.neighbours)).transform((e, ctx) => config.from(e, reporter(ctx))),
    ]),
  ),
  delivery: deliveryEnv.transform(deliveryConfigFrom),
  metrics: metricsEnv.extend(neighbours(METRICS_NEIGHBOURS)).transform((e, ctx) => metricsConfigFrom(e, reporter(ctx))),
  jobs: jobsEnv.transform(jobsConfigFrom),
};

/**
 * The one configuration schema. Every part reads the whole environment side by side (each
 * object keeps only its own variables), so a mistake in one part never hides another's, and
 * one message lists them all.
 */
export const configSchema = z
  .preprocess((env) => Object.fromEntries(Object.keys(parts).map((name) => [name, env])), z.object(parts))
  // Each platform's entry is its own part's output (keyed alike above), which the types cannot
  // follow through the registry's loop.
  .transform(({ core, ...modules }) => ({ ...core, ...modules }) as Config);

/** Every variable the bot reads (the README's configuration table and .env.example list them all). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(RULES);

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
    const [part, variable] = issue.path as [string, string];
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
