/**
 * What a button carries. A button runs a command line as the person who presses it; some
 * platforms give a button only a few bytes (Telegram: 64), so a command that does not fit is
 * kept in the store and the button carries its id instead:
 *
 *   /log #12 won     the command itself (it always starts with "/")
 *   #Q2xk9vT0aBcd    the id of a stored command (survives restarts; purged after BUTTON_TTL_DAYS)
 *
 * A command in a button is no secret and grants nothing: it runs with the presser's rights,
 * exactly as if they had typed it. Platforms may wrap the payload in a format of their own.
 */
import type { ServiceDeps } from "../services/deps.js";
import { storeButtonCommand, storedButtonCommand } from "../services/buttons.service.js";

/** How long a stored button command is kept; a press after that says the button has expired. */
export const BUTTON_TTL_DAYS = 30;

export type CommandPayload = { kind: "inline"; command: string } | { kind: "stored"; id: string };

export const byteLength = (text: string): number => Buffer.byteLength(text, "utf8");

/** The payload for a button running `command`, at most `limit` bytes (UTF-8): the command, or a stored command's id. */
export async function commandPayload(deps: ServiceDeps, command: string, limit: number): Promise<string> {
  if (byteLength(command) <= limit) return command;
  return `#${await storeButtonCommand(deps, command)}`;
}

/** Reads a payload made by commandPayload; null for anything else. */
export function readCommandPayload(payload: string): CommandPayload | null {
  if (payload.startsWith("/")) return { kind: "inline", command: payload };
  if (payload.startsWith("#") && payload.length > 1) return { kind: "stored", id: payload.slice(1) };
  return null;
}

/** The command a button runs; null when it was stored and has expired. */
export async function commandOfPayload(deps: ServiceDeps, payload: CommandPayload): Promise<string | null> {
  return payload.kind === "inline" ? payload.command : storedButtonCommand(deps, payload.id);
}
