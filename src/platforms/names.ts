/**
 * The name every chat platform is known by: stored with its teams, people and chats, and the
 * key of its entry in the registry (registry.ts). Services and the store may import this
 * file, and only this one, from src/platforms.
 */
export const PLATFORM_NAMES = ["console", "slack", "telegram"] as const;

export type Platform = (typeof PLATFORM_NAMES)[number];

export const isPlatform = (name: string): name is Platform => (PLATFORM_NAMES as readonly string[]).includes(name);

/** A platform that chats happen on and messages are delivered to: every one but the console. */
export type ChatPlatformName = Exclude<Platform, "console">;
