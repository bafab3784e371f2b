/**
 * The step-by-step form: how `/qualify <lead>` without answers runs in Telegram. The reply
 * model's form block (BANT or CHAMP, pre-filled) becomes one question per field, each with
 * its options as buttons, an optional typed note, Skip and Cancel. The answers are submitted
 * at the end as the form's own command (`/qualify #12 budget="yes: CFO signed" need=no`), so
 * the command layer validates and saves them exactly as if typed; nothing is saved before.
 *
 * The progress lives in the chat_flow table, one flow per person per chat, so a restart in
 * the middle loses nothing, and several people can fill in forms in one group at once. Buttons
 * carry the flow's nonce and step, so a press on an old question or someone else's form is
 * told apart from a real answer.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { z } from "zod";
import { handleLine } from "../../../commands/index.js";
import type { Block, Reply } from "../../chat/reply.js";
import type { Actor } from "../../services/actor.js";
import type { ServiceDeps } from "../../services/deps.js";
import {
  advanceChatFlow,
  endChatFlow,
  findChatFlow,
  startChatFlow,
  type ChatFlowKey,
  type ChatFlowRow,
} from "../../store/chat-flow.repository.js";
import { flowData, type ButtonPress } from "./callback-data.js";
import { escapeHtml } from "./html.render.js";
import type { HtmlMessage, Keyboard, TelegramSender } from "./telegram.sender.js";

export type FormBlock = Extract<Block, { type: "form" }>;

export const FLOW_KIND = "form";

const FlowState = z.object({
  nonce: z.string(),
  title: z.string(),
  submit: z.string(),
  fields: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: z.enum(["choice", "text"]),
      options: z.array(z.string()).optional(),
      initial: z.string().optional(),
    }),
  ),
  step: z.number().int().min(0),
  answers: z.record(z.string(), z.string()),
  notes: z.record(z.string(), z.string()),
  /** Set after "✎ Note": the person's next message is the note for the current field. */
  awaitingNote: z.boolean().default(false),
  /** The message showing the current question, to take its buttons off when it moves on. */
  messageId: z.number().int().optional(),
});
type FlowState = z.infer<typeof FlowState>;

/** The person filling in the form, in the chat where they do it. */
export interface FlowCaller {
  chatId: number;
  userId: number;
  userName: string;
  actor: Actor;
}

export interface FlowEnv {
  deps: ServiceDeps;
  log: Logger;
  sender: TelegramSender;
  /**
   * Shows the submitted form's answer as the bot shows any answer (a private one privately).
   * Without it, the answer goes to the flow's chat.
   */
  show?: (caller: FlowCaller, reply: Reply, where: { replyTo?: number; replace?: number }) => Promise<void>;
}

const keyOf = (caller: FlowCaller): ChatFlowKey => ({ platform: "telegram", chatId: String(caller.chatId), userId: String(caller.userId) });

/** Reads a flow row; a row this code cannot read (changed shape) is dropped rather than crashing every press. */
async function load(env: FlowEnv, caller: FlowCaller): Promise<{ row: ChatFlowRow; state: FlowState } | null> {
  const row = await findChatFlow(env.deps.db, keyOf(caller));
  if (!row) return null;
  const state = row.kind === FLOW_KIND ? FlowState.safeParse(row.state) : null;
  if (!state?.success) {
    env.log.warn({ flowId: row.id, kind: row.kind }, "dropping a chat flow this version cannot read");
    await endChatFlow(env.deps.db, keyOf(caller), row);
    return null;
  }
  // A private chat switched to another team since the form started: its lead is not there.
  if (row.teamId !== caller.actor.teamId) {
    await endChatFlow(env.deps.db, keyOf(caller), row);
    return null;
  }
  return { row, state: state.data };
}

/**
 * Starts the form for `caller` (replacing any form they had going in this chat) and asks the
 * first question: in place of message `replace`, or as a reply to `replyTo`.
 */
export async function startFlow(env: FlowEnv, caller: FlowCaller, form: FormBlock, where: { replyTo?: number; replace?: number }): Promise<void> {
  const state: FlowState = {
    nonce: randomBytes(3).toString("base64url"),
    title: form.title,
    submit: form.submit,
    fields: form.fields.map((f) => ({
      id: f.id,
      label: f.label,
      kind: f.kind,
      ...(f.options ? { options: f.options } : {}),
      ...(f.initial ? { initial: f.initial } : {}),
    })),
    step: 0,
    answers: {},
    notes: {},
    awaitingNote: false,
  };
  const row = await startChatFlow(env.deps.db, { ...keyOf(caller), teamId: caller.actor.teamId, kind: FLOW_KIND, state, at: env.deps.clock() });
  let messageId = where.replace;
  if (messageId === undefined || !(await env.sender.editHtml(caller.chatId, messageId, question(state)))) {
    messageId = await env.sender.sendHtml(caller.chatId, question(state), { replyTo: where.replyTo ?? where.replace });
  }
  // Remembering the message only tidies up later; losing this race to a quick first answer is harmless.
  await advanceChatFlow(env.deps.db, row, { ...state, messageId }, env.deps.clock());
}

/** `/cancel`: ends the caller's form in this chat. False when there was none. */
export async function cancelFlow(env: FlowEnv, caller: FlowCaller): Promise<boolean> {
  const flow = await load(env, caller);
  if (!flow || !(await endChatFlow(env.deps.db, keyOf(caller), flow.row))) return false;
  if (flow.state.messageId) await env.sender.dropKeyboard(caller.chatId, flow.state.messageId);
  return true;
}

/**
 * A press on a form button. Returns the text for the button's pop-up answer (undefined: a
 * silent answer). The presser is `caller`: a press on someone else's form finds no flow of
 * theirs with that nonce, and is told so.
 */
export async function pressFlowButton(
  env: FlowEnv,
  caller: FlowCaller,
  press: Extract<ButtonPress, { kind: "flow" }>,
  messageId: number,
): Promise<{ text?: string; alert?: boolean }> {
  const flow = await load(env, caller);
  if (!flow || flow.state.nonce !== press.nonce) {
    return { text: "This form is not yours, or it has ended. Start your own with /qualify <lead>.", alert: true };
  }
  const { row, state } = flow;
  if (press.step !== state.step) {
    // An older question (or one whose update failed to show): show where the form really is.
    await env.sender.editHtml(caller.chatId, messageId, question(state));
    return { text: "That question is already answered; here is the current one." };
  }
  const field = state.fields[state.step];
  if (!field) return { text: "This form has ended." };

  if (press.choice === "x") {
    if (await endChatFlow(env.deps.db, keyOf(caller), row)) {
      await env.sender.editHtml(caller.chatId, messageId, { html: `${escapeHtml(state.title)}: stopped. Nothing was saved.` });
    }
    return { text: "Stopped. Nothing was saved." };
  }
  if (press.choice === "n") {
    if (!(await advanceChatFlow(env.deps.db, row, { ...state, awaitingNote: true }, env.deps.clock()))) return { text: "One moment: try again." };
    const mention = `<a href="tg://user?id=${caller.userId}">${escapeHtml(caller.userName)}</a>`;
    await env.sender.sendHtml(
      caller.chatId,
      { html: `✎ ${mention}, your note on <b>${escapeHtml(field.label)}</b>? Reply to this message.`, forceReply: { placeholder: `Note on ${field.label}` } },
      { replyTo: messageId },
    );
    return {};
  }
  let next: FlowState;
  if (press.choice === "s") {
    next = { ...state, step: state.step + 1, awaitingNote: false };
  } else {
    const option = field.options?.[Number(press.choice)];
    if (option === undefined) return { text: "That is not one of the answers." };
    next = { ...state, answers: { ...state.answers, [field.id]: option }, step: state.step + 1, awaitingNote: false };
  }
  return moveOn(env, caller, row, next, { edit: messageId });
}

/**
 * Text the caller typed while their form is open (in a group, only replies to the bot reach
 * here). After "✎ Note", or any text that is not an answer, it is the current field's note;
 * "yes" or "no: waiting for budget" answers a choice (with a note); a text field takes it as
 * the answer. Returns false when the caller has no form in this chat.
 */
export async function typedInFlow(env: FlowEnv, caller: FlowCaller, typed: string, messageId: number): Promise<boolean> {
  const flow = await load(env, caller);
  if (!flow) return false;
  const { row, state } = flow;
  const field = state.fields[state.step];
  if (!field) return false;
  const text = typed.trim();
  const answer = !state.awaitingNote && field.kind === "choice" ? matchOption(field.options ?? [], text) : null;
  let next: FlowState;
  if (answer) {
    const notes = answer.note ? { ...state.notes, [field.id]: answer.note } : state.notes;
    next = { ...state, answers: { ...state.answers, [field.id]: answer.option }, notes, step: state.step + 1, awaitingNote: false };
  } else if (field.kind === "text" && !state.awaitingNote) {
    next = { ...state, answers: { ...state.answers, [field.id]: text }, step: state.step + 1 };
  } else {
    next = { ...state, notes: { ...state.notes, [field.id]: text }, awaitingNote: false };
  }
  await moveOn(env, caller, row, next, { replyTo: messageId });
  return true;
}

/**
 * Saves the next state and shows it: the next question (in place of `edit`, or as a new
 * message replying to `replyTo`), or, after the last field, the submitted summary.
 */
async function moveOn(
  env: FlowEnv,
  caller: FlowCaller,
  row: ChatFlowRow,
  next: FlowState,
  where: { edit?: number; replyTo?: number },
): Promise<{ text?: string }> {
  const now = env.deps.clock();
  if (next.step < next.fields.length) {
    if (!(await advanceChatFlow(env.deps.db, row, next, now))) return { text: "That question is already answered." };
    let messageId = where.edit;
    if (messageId === undefined || !(await env.sender.editHtml(caller.chatId, messageId, question(next)))) {
      if (next.messageId && next.messageId !== messageId) await env.sender.dropKeyboard(caller.chatId, next.messageId);
      messageId = await env.sender.sendHtml(caller.chatId, question(next), { replyTo: where.replyTo ?? where.edit });
      const saved = await load(env, caller);
      if (saved?.state.nonce === next.nonce) await advanceChatFlow(env.deps.db, saved.row, { ...saved.state, messageId }, env.deps.clock());
    }
    return {};
  }
  // Only the update that ends the flow submits it: a double tap on the last answer saves once.
  if (!(await endChatFlow(env.deps.db, keyOf(caller), row))) return { text: "That question is already answered." };
  const line = submitLine(next);
  const summary: Reply = line
    ? await handleLine(line, { deps: env.deps, actor: caller.actor }, env.log)
    : { blocks: [{ type: "text", text: `${next.title}: nothing changed (every question skipped).` }], visibility: "ephemeral", tone: "ok" };
  if (where.edit !== undefined) {
    if (env.show) await env.show(caller, summary, { replace: where.edit });
    else await env.sender.replace(caller.chatId, where.edit, summary);
  } else {
    if (next.messageId) await env.sender.dropKeyboard(caller.chatId, next.messageId);
    if (env.show) await env.show(caller, summary, where.replyTo ? { replyTo: where.replyTo } : {});
    else await env.sender.send(caller.chatId, summary, where.replyTo ? { replyTo: where.replyTo } : {});
  }
  return {};
}

/** The form's command with the answers as `field="answer: note"`, or null when nothing was answered. */
export function submitLine(state: Pick<FlowState, "submit" | "fields" | "answers" | "notes">): string | null {
  const pairs: string[] = [];
  for (const field of state.fields) {
    const note = state.notes[field.id];
    // A skipped field with a note keeps its current answer and gains the note.
    const answer = state.answers[field.id] ?? (note ? field.initial : undefined);
    if (answer === undefined) continue;
    const value = note ? `${answer}: ${note}` : answer;
    // Double quotes delimit the value; a note's own double quotes become single ones.
    pairs.push(`${field.id}="${value.replace(/["\u201C\u201D]/g, "'").replace(/\s+/g, " ")}"`);
  }
  return pairs.length > 0 ? `${state.submit} ${pairs.join(" ")}` : null;
}

/** "yes", "No - budget frozen", "unknown: ask again in May" → the option and the note. */
function matchOption(options: string[], text: string): { option: string; note?: string } | null {
  for (const option of options) {
    const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const match = new RegExp(`^${escaped}(?:\\s*[:\\-–,.]\\s*|\\s+|$)([\\s\\S]*)$`, "i").exec(text);
    if (match) {
      const note = match[1]!.trim();
      return note ? { option, note } : { option };
    }
  }
  return null;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The current question, with what was answered so far above it. */
function question(state: FlowState): HtmlMessage {
  const field = state.fields[state.step]!;
  const lines = [`<b>${escapeHtml(state.title)}</b> · ${state.step + 1}/${state.fields.length}`];
  for (const done of state.fields.slice(0, state.step)) {
    const answer = state.answers[done.id];
    const note = state.notes[done.id];
    lines.push(`${escapeHtml(done.label)}: ${answer ? escapeHtml(answer) : "<i>skipped</i>"}${note ? ` ✎ ${escapeHtml(note)}` : ""}`);
  }
  lines.push("", `<b>${escapeHtml(field.label)}?</b>${field.initial ? ` <i>(now ${escapeHtml(field.initial)})</i>` : ""}`);
  const note = state.notes[field.id];
  if (note) lines.push(`✎ ${escapeHtml(note)}`);
  lines.push(
    field.kind === "choice"
      ? "<i>Tap an answer. ✎ Note adds a note to it; /cancel stops without saving.</i>"
      : "<i>Reply to this message with the answer; /cancel stops without saving.</i>",
  );
  const keyboard: Keyboard = [];
  if (field.kind === "choice" && field.options) {
    keyboard.push(field.options.map((o, i) => ({ text: capitalise(o), callback_data: flowData(state.nonce, state.step, String(i)) })));
  }
  keyboard.push([
    ...(field.kind === "choice" ? [{ text: "✎ Note", callback_data: flowData(state.nonce, state.step, "n") }] : []),
    { text: "Skip", callback_data: flowData(state.nonce, state.step, "s") },
    { text: "Cancel", callback_data: flowData(state.nonce, state.step, "x") },
  ]);
  return { html: lines.join("\n"), keyboard };
}
