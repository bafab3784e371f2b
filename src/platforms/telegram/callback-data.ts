/**
 * What rides in a button's callback_data, which Telegram caps at 64 bytes.
 *
 *   r/log #12 won      run this command; on success the answer replaces the pressed message
 *   p/lead claim #12   run this command; the answer is posted as a new message
 *   r#Q2xk9vT0aBcd     the same, with the command kept in the chat_callback table because it
 *                      did not fit (survives restarts; purged after CALLBACK_TTL_DAYS)
 *   f:k3Zq:2:yes       answer step 2 of the caller's step-by-step flow k3Zq
 *   t:7                make this private chat act for team 7
 *
 * A command in a button is no secret and grants nothing: it runs as the person who presses,
 * with their rights, exactly as if they had typed it.
 */
import { randomBytes } from "node:crypto";
import type { Action } from "../../chat/reply.js";
import { findChatCallback, saveChatCallback } from "../../store/chat-flow.repository.js";
import type { DbOrTx } from "../../store/types.js";

export const CALLBACK_DATA_LIMIT = 64;
export const CALLBACK_TTL_DAYS = 30;

export type ButtonPress =
  | { kind: "command"; command: string; replace: boolean }
  | { kind: "stored"; id: string; replace: boolean }
  | { kind: "flow"; nonce: string; step: number; choice: string }
  | { kind: "team"; teamId: number };

export const fits = (data: string): boolean => Buffer.byteLength(data, "utf8") <= CALLBACK_DATA_LIMIT;

/**
 * The callback data for an action. `replace`: the message is a menu that its answer may
 * replace (a private look-up, a preview); otherwise (alerts, announcements) answers are
 * posted below it and the message stays as it is.
 */
export async function actionData(db: DbOrTx, action: Action, options: { replace: boolean; at: Date }): Promise<string> {
  const mode = options.replace ? "r" : "p";
  const inline = `${mode}${action.command}`;
  if (fits(inline)) return inline;
  const id = randomBytes(9).toString("base64url"); // 12 characters, 72 random bits
  await saveChatCallback(db, { id, command: action.command, at: options.at });
  return `${mode}#${id}`;
}

export const flowData = (nonce: string, step: number, choice: string): string => `f:${nonce}:${step}:${choice}`;
export const teamData = (teamId: number): string => `t:${teamId}`;

/** Reads callback data back; null for anything this bot did not make. */
export function parseCallbackData(data: string): ButtonPress | null {
  const mode = data[0];
  if ((mode === "r" || mode === "p") && data[1] === "/") return { kind: "command", command: data.slice(1), replace: mode === "r" };
  if ((mode === "r" || mode === "p") && data[1] === "#" && data.length > 2) return { kind: "stored", id: data.slice(2), replace: mode === "r" };
  const flow = /^f:([\w-]+):(\d+):([\w-]+)$/.exec(data);
  if (flow) return { kind: "flow", nonce: flow[1]!, step: Number(flow[2]), choice: flow[3]! };
  const team = /^t:(\d+)$/.exec(data);
  if (team) return { kind: "team", teamId: Number(team[1]) };
  return null;
}

/** The command a command button runs; null when a stored one has expired. */
export async function commandOf(db: DbOrTx, press: Extract<ButtonPress, { kind: "command" | "stored" }>): Promise<string | null> {
  return press.kind === "command" ? press.command : findChatCallback(db, press.id);
}
