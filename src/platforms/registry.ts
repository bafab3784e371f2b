/**
 * Every chat platform, by name: the one list that configuration, start-up and delivery loop
 * over. A new platform is its folder (index.ts implementing ChatPlatform, see contract.ts) and
 * one line here; its name, the Platform type (names.ts), follows from its key.
 */
import { consolePlatform } from "./console/index.js";
import type { ChatPlatform, ConfigOf, PlatformEnv, RunningPlatform } from "./contract.js";
import type { Platform } from "./names.js";
import { slackPlatform } from "./slack/index.js";
import { telegramPlatform } from "./telegram/index.js";

export const PLATFORMS = {
  console: consolePlatform,
  slack: slackPlatform,
  telegram: telegramPlatform,
};

/** Each platform's config: null when it is not configured. */
export type PlatformConfigs = { [K in Platform]: ConfigOf<(typeof PLATFORMS)[K]> | null };

/** The platforms in registry order, as the contract sees them (each one's own config type left aside). */
export const PLATFORM_LIST: ReadonlyArray<ChatPlatform<unknown>> = Object.values(PLATFORMS);

/** A platform that runs, bound to its config. */
export interface ReadyPlatform {
  name: Platform;
  start(env: Omit<PlatformEnv<unknown>, "config">): Promise<RunningPlatform>;
}

export interface PlatformPlan {
  /** The platforms that run, in registry order. */
  run: ReadyPlatform[];
  /** A chat service (not the machine's own terminal) is configured: a Slack or Telegram bot uses this database. */
  chatServices: boolean;
  /** The terminal is a chat (the console runs), so stdout is the conversation. */
  terminal: boolean;
}

/**
 * Which platforms run, from their configs: every configured one, except that the terminal
 * (a `local` platform) stands aside for chat services unless it asks to run alongside them
 * (CONSOLE=auto: the console runs only when no token is set; CONSOLE=on: always).
 */
export function planPlatforms(configs: PlatformConfigs): PlatformPlan {
  const configured = PLATFORM_LIST.flatMap((platform) => {
    const config = configs[platform.name];
    return config === null ? [] : [{ platform, config }];
  });
  const chatServices = configured.some(({ platform }) => !platform.local);
  const running = configured.filter(({ platform, config }) => !platform.local || !chatServices || platform.local.alongside(config));
  return {
    run: running.map(({ platform, config }) => ({ name: platform.name, start: (env) => platform.start({ ...env, config }) })),
    chatServices,
    terminal: running.some(({ platform }) => platform.local !== undefined),
  };
}
