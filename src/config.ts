import { z } from "zod";

/** The environment, parsed once. A mistake stops start-up with a message naming the variable. */
const Env = z.object({
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
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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

export type Config = z.infer<typeof Env>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
  throw new ConfigError(`Configuration problem:\n${problems}\nSee .env.example and the README's configuration table.`);
}

export class ConfigError extends Error {}

/**
 * Whether to put the demo team into an empty database. Only where it helps someone trying the
 * bot: the console on the embedded database. Never PostgreSQL, and never a database a Slack or
 * Telegram bot uses, unless SEED_DEMO=true says so.
 */
export function shouldSeedDemo(config: Pick<Config, "SEED_DEMO" | "DATABASE_URL">, run: { consoleMode: boolean; chatTokens: boolean }): boolean {
  if (config.SEED_DEMO !== undefined) return config.SEED_DEMO;
  return run.consoleMode && !run.chatTokens && !config.DATABASE_URL;
}
