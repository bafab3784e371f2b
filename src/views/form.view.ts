/**
 * Words for a form filled in step by step (src/chat/form-flow.ts): each question with what was
 * answered so far, the prompt for a note, and what a press or /cancel is told. The form's
 * options (yes/no/unknown) are what it submits; they are shown in the reader's words.
 */
import type { FormButton, FormMessage, FormProgress, NotePrompt } from "../chat/form-model.js";
import { reply, type Reply } from "../chat/reply.js";
import type { RichLine, Span } from "../chat/rich-text.js";
import type { MessageKey, Translator } from "../i18n/index.js";

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** An option or answer in the reader's words ("yes" → "так"); an option of no known word as it is. */
const answerWord = (t: Translator, answer: string): string => t.t("form.answer", { answer });

/** The current question, with what was answered so far above it, and its buttons. */
export function formQuestion(state: FormProgress, t: Translator): FormMessage {
  const field = state.fields[state.step]!;
  const lines: RichLine[] = [[{ strong: state.title }, ` · ${t.number(state.step + 1)}/${t.number(state.fields.length)}`]];
  for (const done of state.fields.slice(0, state.step)) {
    const answer = state.answers[done.id];
    const note = state.notes[done.id];
    lines.push([`${done.label}: `, answer ? answerWord(t, answer) : { quiet: t.t("form.skipped") }, ...(note ? [` ✎ ${note}`] : [])]);
  }
  lines.push([], [{ strong: `${field.label}?` }, ...(field.initial ? [" ", { quiet: t.t("form.now", { answer: answerWord(t, field.initial) }) }] : [])]);
  const note = state.notes[field.id];
  if (note) lines.push([`✎ ${note}`]);
  lines.push([{ quiet: field.kind === "choice" ? t.t("form.tapHint") : t.t("form.replyHint") }]);
  const button = (label: string, choice: string): FormButton => ({ label, press: { nonce: state.nonce, step: state.step, choice } });
  const buttons: FormButton[][] = [];
  if (field.kind === "choice" && field.options) buttons.push(field.options.map((o, i) => button(capitalise(answerWord(t, o)), String(i))));
  buttons.push([...(field.kind === "choice" ? [button(t.t("form.noteButton"), "n")] : []), button(t.t("form.skipButton"), "s"), button(t.t("form.cancelButton"), "x")]);
  return { lines, buttons };
}

/** The question's message once the form was cancelled from it. */
export function formStopped(title: string, t: Translator): FormMessage {
  return { lines: [[t.t("form.stopped", { title })]] };
}

/** Markers a message's placeholders are filled with, to cut it into spans around them. */
const PERSON = "\uE000person\uE000";
const FIELD = "\uE000field\uE000";

/** Asks the person for a note on the current field, naming them so the reply box opens for them. */
export function notePrompt(person: { id: string; name: string }, label: string, t: Translator): NotePrompt {
  const text = t.t("form.notePrompt", { person: PERSON, field: FIELD });
  const spans: Span[] = text
    .split(/(\uE000person\uE000|\uE000field\uE000)/)
    .filter((part) => part !== "")
    .map((part): Span => (part === PERSON ? { mention: person } : part === FIELD ? { strong: label } : part));
  return { lines: [["✎ ", ...spans]], placeholder: t.t("form.notePlaceholder", { field: label }) };
}

/** Every question skipped: nothing to submit. */
export function formUnchangedReply(title: string, t: Translator): Reply {
  return reply([{ type: "text", text: t.t("form.unchanged", { title }) }]);
}

/** Why a press on a form's button did nothing (or what it did), in a pop-up. */
export type FormPressOutcome = "notYours" | "stale" | "ended" | "stopped" | "busy" | "notAnOption" | "answered";

/** What a press on a form's button is told, in a pop-up (`alert`: one the person must dismiss). */
export function formPress(outcome: FormPressOutcome, t: Translator): { text: string; alert?: boolean } {
  if (outcome === "notYours") return { text: t.t("form.press.notYours", { command: "/qualify <lead>" }), alert: true };
  return { text: t.t(`form.press.${outcome}` satisfies MessageKey) };
}

/** What /cancel says: whether it stopped a form. */
export function formCancelText(stopped: boolean, t: Translator): string {
  return stopped ? t.t("form.cancelled") : t.t("form.noForm");
}
