import { z } from "zod";

/** The console's variables (src/config.ts composes them with every other module's). */
export const consoleEnv = z.object({
  CONSOLE: z.enum(["auto", "on", "off"]).default("auto"),
  /** Where the console chat saves files the bot sends (exports, charts). */
  EXPORT_DIR: z.string().min(1).default("./exports"),
});

export type ConsoleEnv = z.output<typeof consoleEnv>;

/**
 * The terminal as a chat. `auto`: only when no chat service (Slack, Telegram) is configured;
 * `on`: alongside them too. Off is no config at all.
 */
export interface ConsoleConfig {
  mode: "auto" | "on";
  exportDir: string;
}

/** The console's settings; null when CONSOLE=off. */
export function consoleConfigFrom(e: ConsoleEnv): ConsoleConfig | null {
  return e.CONSOLE === "off" ? null : { mode: e.CONSOLE, exportDir: e.EXPORT_DIR };
}
