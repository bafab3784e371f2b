/**
 * The names chat platforms are known by: stored with their teams, people and chats, and the
 * keys of registry.ts. Services and the store may import this file, and only this one, from
 * src/platforms: it imports nothing at run time (the names come from the registry's type), so
 * a new platform is named by its line in the registry alone.
 */
import type { DeliveringPlatform } from "./contract.js";
import type { PLATFORMS } from "./registry.js";

export type Platform = keyof typeof PLATFORMS;

/** The platforms the outbox delivers to: those whose running handle has a sender (not the console). */
export type OutboxPlatform = {
  [K in Platform]: Awaited<ReturnType<(typeof PLATFORMS)[K]["start"]>> extends DeliveringPlatform ? K : never;
}[Platform];
