/**
 * Button commands too long to ride in the button itself (Telegram's 64-byte callback data):
 * kept in chat_callback under a random id, which the button carries instead. Old ones are
 * purged (chat-housekeeping.service.ts); a press on one then finds nothing.
 */
import { randomBytes } from "node:crypto";
import { findChatCallback, saveChatCallback } from "../store/chat-flow.repository.js";
import type { ServiceDeps } from "./deps.js";

/** Keeps `command` for a button; returns the id the button carries (12 characters, 72 random bits). */
export async function storeButtonCommand(deps: ServiceDeps, command: string): Promise<string> {
  const id = randomBytes(9).toString("base64url");
  await saveChatCallback(deps.store.db, { id, command, at: deps.clock() });
  return id;
}

/** The command kept under `id`; null when it has expired (or never was). */
export async function storedButtonCommand(deps: ServiceDeps, id: string): Promise<string | null> {
  return findChatCallback(deps.store.db, id);
}
