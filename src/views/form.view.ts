/**
 * Words for a form filled in step by step (src/chat/form-flow.ts): each question with what was
 * answered so far, the prompt for a note, and what a press or /cancel is told.
 */
import type { FormButton, FormMessage, FormProgress, NotePrompt } from "../chat/form-model.js";
import { reply, type Reply } from "../chat/reply.js";
import type { RichLine } from "../chat/rich-text.js";

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The current question, with what was answered so far above it, and its buttons. */
export function formQuestion(state: FormProgress): FormMessage {
  const field = state.fields[state.step]!;
  const lines: RichLine[] = [[{ strong: state.title }, ` · ${state.step + 1}/${state.fields.length}`]];
  for (const done of state.fields.slice(0, state.step)) {
    const answer = state.answers[done.id];
    const note = state.notes[done.id];
    lines.push([`${done.label}: `, answer ? answer : { quiet: "skipped" }, ...(note ? [` ✎ ${note}`] : [])]);
  }
  lines.push([], [{ strong: `${field.label}?` }, ...(field.initial ? [" ", { quiet: `(now ${field.initial})` }] : [])]);
  const note = state.notes[field.id];
  if (note) lines.push([`✎ ${note}`]);
  lines.push([
    {
      quiet:
        field.kind === "choice"
          ? "Tap an answer. ✎ Note adds a note to it; /cancel stops without saving."
          : "Reply to this message with the answer; /cancel stops without saving.",
    },
  ]);
  const button = (label: string, choice: string): FormButton => ({ label, press: { nonce: state.nonce, step: state.step, choice } });
  const buttons: FormButton[][] = [];
  if (field.kind === "choice" && field.options) buttons.push(field.options.map((o, i) => button(capitalise(o), String(i))));
  buttons.push([...(field.kind === "choice" ? [button("✎ Note", "n")] : []), button("Skip", "s"), button("Cancel", "x")]);
  return { lines, buttons };
}

/** The question's message once the form was cancelled from it. */
export function formStopped(title: string): FormMessage {
  return { lines: [[`${title}: stopped. Nothing was saved.`]] };
}

/** Asks the person for a note on the current field, naming them so the reply box opens for them. */
export function notePrompt(person: { id: string; name: string }, label: string): NotePrompt {
  return { lines: [["✎ ", { mention: person }, ", your note on ", { strong: label }, "? Reply to this message."]], placeholder: `Note on ${label}` };
}

/** Every question skipped: nothing to submit. */
export function formUnchangedReply(title: string): Reply {
  return reply([{ type: "text", text: `${title}: nothing changed (every question skipped).` }]);
}

/** What a press on a form's button is told, in a pop-up (`alert`: one the person must dismiss). */
export const FORM_PRESS = {
  notYours: { text: "This form is not yours, or it has ended. Start your own with /qualify <lead>.", alert: true },
  stale: { text: "That question is already answered; here is the current one." },
  ended: { text: "This form has ended." },
  stopped: { text: "Stopped. Nothing was saved." },
  busy: { text: "One moment: try again." },
  notAnOption: { text: "That is not one of the answers." },
  answered: { text: "That question is already answered." },
} as const satisfies Record<string, { text: string; alert?: boolean }>;

/** What /cancel says: whether it stopped a form. */
export function formCancelText(stopped: boolean): string {
  return stopped ? "Stopped the form. Nothing was saved." : "There is no form in progress to cancel.";
}
