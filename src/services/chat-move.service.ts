/**
 * A chat that changed its id (a Telegram group upgraded to a supergroup). Both ways of
 * learning it end here: the service messages in the group (the transport), and a delivery
 * refused with the new id (the outbox worker).
 */
import { moveChatReferences, type ChatMove } from "../store/chat-move.repository.js";
import type { Platform } from "../platforms/names.js";
import type { ServiceDeps } from "./deps.js";

export type { ChatMove };

/**
 * Moves every reference to chat `from` to `to` in one transaction (binding, alert and digest
 * destination, flows in progress, unsent outbox messages). Idempotent: Telegram announces an
 * upgrade twice (in the old chat and the new one), and a delivery may learn it a third time.
 */
export async function moveChat(deps: ServiceDeps, platform: Platform, from: string, to: string): Promise<ChatMove> {
  // Two announcements handled side by side: the loser, refused a row the winner just wrote (or
  // chosen as a deadlock victim), runs once more and finds the winner's work done.
  return deps.store.retrying((tx) => moveChatReferences(tx, platform, from, to), { attempts: 2, onAlreadyExists: "retry" });
}
