/**
 * What every module's share of the configuration is made of. Each module exports a zod object
 * of its variables and a function turning their parsed values into its typed config;
 * src/config.ts composes them into one schema and parses the environment once.
 */

/** A configuration mistake; start-up prints its message (every problem, each naming its variable) and stops. */
export class ConfigError extends Error {}

/**
 * Reports a problem that needs more than one variable to see (a half-configured Slack, two
 * servers on one port). The function that reports it returns a placeholder value, which is
 * never used: any problem stops start-up.
 */
export type ReportProblem = (variable: string, message: string) => void;

/** An empty value (`SLACK_APP_TOKEN=` in a .env file) means "not set". */
export const unset = (value: unknown): unknown => (value === "" ? undefined : value);

