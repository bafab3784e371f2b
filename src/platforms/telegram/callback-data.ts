/**
 * What rides in a button's callback_data, which Telegram caps at 64 bytes.
 *
 *   r/log #12 won      run this command; on success the answer replaces the pressed message
 *   p/lead claim #12   run this command; the answer is posted as a new message
 *   r#Q2xk9vT0aBcd     the same, with the command stored because it did not fit (src/chat/buttons.ts)
 *   f:k3Zq:2:yes       answer step 2 of the presser's step-by-step form k3Zq (src/chat/form-flow.ts)
 *   t:7                make this private chat act for team 7
 *
 * A command in a button is no secret and grants nothing: it runs as the person who presses,
 * with their rights, exactly as if they had typed it.
 */
import { commandOfPayload, commandPayload, readCommandPayload } from "../../chat/buttons.js";
import type { FormPress } from "../../chat/form-model.js";
import type { Action } from "../../chat/reply.js";
import type { ServiceDeps } from "../../services/deps.js";

export const CALLBACK_DATA_LIMIT = 64;

export type ButtonPress =
  | { kind: "command"; command: string; replace: boolean }
  | { kind: "stored"; id: string; replace: boolean }
  | ({ kind: "flow" } & FormPress)
  | { kind: "team"; teamId: number };

export const fits = (data: string): boolean => Buffer.byteLength(data, "utf8") <= CALLBACK_DATA_LIMIT;

/**
 * The callback data for an action. `replace`: the message is a menu that its answer may
 * replace (a private look-up, a preview); otherwise (alerts, announcements) answers are
 * posted below it and the message stays as it is.
 */
export async function actionData(deps: ServiceDeps, action: Action, options: { replace: boolean }): Promise<string> {
  const mode = options.replace ? "r" : "p";
  // One byte for the mode, the rest for the command or the id it is stored under.
  return `${mode}${await commandPayload(deps, action.command, CALLBACK_DATA_LIMIT - mode.length)}`;
}

export const flowData = (press: FormPress): string => `f:${press.nonce}:${press.step}:${press.choice}`;
export const teamData = (teamId: number): string => `t:${teamId}`;

/** Reads callback data back; null for anything this bot did not make. */
export function parseCallbackData(data: string): ButtonPress | null {
  const mode = data[0];
  if (mode === "r" || mode === "p") {
    const payload = readCommandPayload(data.slice(1));
    if (payload?.kind === "inline") return { kind: "command", command: payload.command, replace: mode === "r" };
    if (payload?.kind === "stored") return { kind: "stored", id: payload.id, replace: mode === "r" };
  }
  const flow = /^f:([\w-]+):(\d+):([\w-]+)$/.exec(data);
  if (flow) return { kind: "flow", nonce: flow[1]!, step: Number(flow[2]), choice: flow[3]! };
  const team = /^t:(\d+)$/.exec(data);
  if (team) return { kind: "team", teamId: Number(team[1]) };
  return null;
}

/** The command a command button runs; null when a stored one has expired. */
export async function commandOf(deps: ServiceDeps, press: Extract<ButtonPress, { kind: "command" | "stored" }>): Promise<string | null> {
  return commandOfPayload(deps, press.kind === "command" ? { kind: "inline", command: press.command } : { kind: "stored", id: press.id });
}
