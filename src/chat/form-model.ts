/**
 * What a step-by-step form is: its progress (kept between messages), a press on one of its
 * buttons, and the messages that show it. The engine is form-flow.ts, the words are
 * src/views/form.view.ts, and each platform shows the messages (form-flow.ts's FormScreen).
 */
import { z } from "zod";
import { readAnswer } from "../domain/value-words.js";
import type { LanguageOption } from "../domain/words.js";
import type { RichLine } from "./rich-text.js";

/** A message as its platform knows it (Telegram: a number), to edit it or answer it later. */
export const MessageRef = z.union([z.number().int(), z.string()]);
export type MessageRef = z.infer<typeof MessageRef>;

export const FormProgress = z.object({
  /** Told apart from any other form of the person's: a press on an ended form finds no match. */
  nonce: z.string(),
  title: z.string(),
  /** The command the answers are appended to, as `field="answer: note"`. */
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
  messageId: MessageRef.optional(),
});
export type FormProgress = z.infer<typeof FormProgress>;

/**
 * A press on a form's button: its form (`nonce`), its question (`step`), and what it chose: an
 * option's index, or "n" (add a note), "s" (skip), "x" (cancel).
 */
export interface FormPress {
  nonce: string;
  step: number;
  choice: string;
}

export interface FormButton {
  label: string;
  press: FormPress;
}

/** A message of the form: words, and rows of buttons (none: the message is settled). */
export interface FormMessage {
  lines: RichLine[];
  buttons?: FormButton[][];
}

/** Asks for a typed note: the words, and what the reply box shows before they type. */
export interface NotePrompt {
  lines: RichLine[];
  placeholder: string;
}

/** The form's command with the answers as `field="answer: note"`, or null when nothing was answered. */
export function submitLine(state: Pick<FormProgress, "submit" | "fields" | "answers" | "notes">): string | null {
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

/**
 * "yes", "No - budget frozen", "unknown: ask again in May" → the option and the note. An answer
 * in the reader's words ("так: CFO погодив", "nie wiem") picks the yes/no/unknown option.
 */
export function matchOption(options: string[], text: string, language: LanguageOption = {}): { option: string; note?: string } | null {
  for (const option of options) {
    const escaped = option.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const match = new RegExp(`^${escaped}(?:\\s*[:\\-–,.]\\s*|\\s+|$)([\\s\\S]*)$`, "i").exec(text);
    if (match) {
      const note = match[1]!.trim();
      return note ? { option, note } : { option };
    }
  }
  const answer = readAnswer(text, language);
  if (!answer || !options.includes(answer.answer)) return null;
  return answer.note ? { option: answer.answer, note: answer.note } : { option: answer.answer };
}
