/**
 * The step-by-step form engine: how a reply's form block is filled in on a platform without
 * modal forms (Telegram). The form (BANT or CHAMP, pre-filled) becomes one question per field,
 * each with its options as buttons, an optional typed note, Skip and Cancel. The answers are
 * submitted at the end as the form's own command (`/qualify #12 budget="yes: CFO signed"
 * need=no`), so the command validates and saves them exactly as if typed; nothing is saved
 * before.
 *
 * The progress is kept by chat-flow.service (one form per person per chat), so a restart in
 * the middle loses nothing. Buttons carry the form's nonce and step, so a press on an old
 * question or someone else's form is told apart from a real answer. The platform shows the
 * messages through a FormScreen; the words are src/views/form.view.ts.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Actor } from "../services/actor.js";
import { advanceFlow, endFlow, findFlow, startFlow, type FlowKey, type SavedFlow } from "../services/chat-flow.service.js";
import type { ServiceDeps } from "../services/deps.js";
import { formPress, formQuestion, formStopped, formUnchangedReply, notePrompt, type FormPressOutcome } from "../views/form.view.js";
import { DEFAULT_LANGUAGE, translator, type Translator } from "../i18n/index.js";
import { vocabularyLanguage } from "../i18n/vocabulary/index.js";
import type { Platform } from "../platforms/names.js";
import { FormProgress, matchOption, type FormMessage, type FormPress, type MessageRef, type NotePrompt, submitLine } from "./form-model.js";
import type { AnswerLanguages } from "./command-context.js";
import type { Block, Reply } from "./reply.js";
import type { Router } from "./router.js";

export type FormBlock = Extract<Block, { type: "form" }>;

/** Forms nobody touched for this long are abandoned (the platform's housekeeping purges them). */
export const FORM_TTL_DAYS = 7;

/** What the form's progress is stored as; another kind of flow in the same table is not ours. */
const FORM_KIND = "form";

/** The person filling in the form, in the chat where they do it. */
export interface FormFiller {
  platform: Platform;
  chatId: string;
  personId: string;
  /** Their name as the platform shows it, to address them. */
  name: string;
  actor: Actor;
  /**
   * The languages of the form's messages and of the submitted command's answer, as the
   * platform chose them for this person and chat. Absent: the person's language in a private
   * chat (its id is theirs, as on Telegram), the team's anywhere else.
   */
  languages?: AnswerLanguages;
}

/** The languages `filler` reads the form in. */
function languagesOf(filler: FormFiller): AnswerLanguages {
  if (filler.languages) return filler.languages;
  const person = filler.actor.languages?.person ?? DEFAULT_LANGUAGE;
  const team = filler.actor.languages?.team ?? DEFAULT_LANGUAGE;
  const shared = filler.chatId !== filler.personId;
  return { answer: shared ? team : person, channel: shared ? team : person, private: person };
}

/** The translator of the form's questions: everyone in the chat may read them. */
const formT = (filler: FormFiller): Translator => translator(languagesOf(filler).answer);

/** Where a message goes: in place of message `replace`, or as a new one answering `replyTo`. */
export interface Where {
  replace?: MessageRef;
  replyTo?: MessageRef;
}

/** How a platform shows one person's form in one chat. */
export interface FormScreen {
  /** Shows `message` in place of message `id`; false when that one can no longer be edited. */
  edit(id: MessageRef, message: FormMessage): Promise<boolean>;
  /** Sends `message` as a new message (answering `replyTo`); returns its id. */
  post(message: FormMessage, replyTo?: MessageRef): Promise<MessageRef>;
  /** Takes the buttons off a settled question. Best effort: it is cosmetic. */
  settle(id: MessageRef): Promise<void>;
  /** Asks for a typed note, answering message `replyTo`, so the person's reply comes back here. */
  askNote(prompt: NotePrompt, replyTo: MessageRef): Promise<void>;
  /** Shows the submitted form's answer as the platform shows any answer (a private one privately). */
  show(reply: Reply, where: Where): Promise<void>;
}

export interface FormFlowOptions {
  deps: ServiceDeps;
  log: Logger;
  /** Submits the answers as the filler: the registry's router. */
  route: Router;
}

/** What a press is told in its pop-up (undefined text: a silent answer). */
export type PressAnswer = { text?: string; alert?: boolean };

/** A press's pop-up in the filler's words. */
const said = (outcome: FormPressOutcome, filler: FormFiller): PressAnswer => formPress(outcome, formT(filler));

const keyOf = (filler: FormFiller): FlowKey => ({ platform: filler.platform, chatId: filler.chatId, userId: filler.personId });

export class FormFlow {
  constructor(private readonly options: FormFlowOptions) {}

  /**
   * Starts the form for `filler` (replacing any form they had going in this chat) and asks the
   * first question: in place of message `where.replace`, or as a reply to `where.replyTo`.
   */
  async start(filler: FormFiller, screen: FormScreen, form: FormBlock, where: Where): Promise<void> {
    const { deps } = this.options;
    const state: FormProgress = {
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
    const row = await startFlow(deps, keyOf(filler), { teamId: filler.actor.teamId, kind: FORM_KIND, state });
    const messageId = await this.ask(screen, formQuestion(state, formT(filler)), where.replace, where.replyTo ?? where.replace);
    // Remembering the message only tidies up later; losing this race to a quick first answer is harmless.
    await advanceFlow(deps, row, { ...state, messageId });
  }

  /** `/cancel`: ends the filler's form in this chat. False when there was none. */
  async cancel(filler: FormFiller, screen: FormScreen): Promise<boolean> {
    const flow = await this.load(filler);
    if (!flow || !(await endFlow(this.options.deps, keyOf(filler), flow.row))) return false;
    if (flow.state.messageId !== undefined) await screen.settle(flow.state.messageId);
    return true;
  }

  /**
   * A press on a form button, on message `messageId`. The presser is `filler`: a press on
   * someone else's form finds no form of theirs with that nonce, and is told so.
   */
  async press(filler: FormFiller, screen: FormScreen, press: FormPress, messageId: MessageRef): Promise<PressAnswer> {
    const { deps } = this.options;
    const flow = await this.load(filler);
    if (!flow || flow.state.nonce !== press.nonce) return said("notYours", filler);
    const { row, state } = flow;
    if (press.step !== state.step) {
      // An older question (or one whose update failed to show): show where the form really is.
      await screen.edit(messageId, formQuestion(state, formT(filler)));
      return said("stale", filler);
    }
    const field = state.fields[state.step];
    if (!field) return said("ended", filler);

    if (press.choice === "x") {
      if (await endFlow(deps, keyOf(filler), row)) await screen.edit(messageId, formStopped(state.title, formT(filler)));
      return said("stopped", filler);
    }
    if (press.choice === "n") {
      if (!(await advanceFlow(deps, row, { ...state, awaitingNote: true }))) return said("busy", filler);
      await screen.askNote(notePrompt({ id: filler.personId, name: filler.name }, field.label, formT(filler)), messageId);
      return {};
    }
    let next: FormProgress;
    if (press.choice === "s") {
      next = { ...state, step: state.step + 1, awaitingNote: false };
    } else {
      const option = field.options?.[Number(press.choice)];
      if (option === undefined) return said("notAnOption", filler);
      next = { ...state, answers: { ...state.answers, [field.id]: option }, step: state.step + 1, awaitingNote: false };
    }
    return this.moveOn(filler, screen, row, next, { edit: messageId });
  }

  /**
   * Text the filler typed while their form is open (message `messageId`). After "✎ Note", or
   * any text that is not an answer, it is the current field's note; "yes" or "no: waiting for
   * budget" answers a choice (with a note); a text field takes it as the answer. False when
   * they have no form in this chat.
   */
  async typed(filler: FormFiller, screen: FormScreen, typed: string, messageId: MessageRef): Promise<boolean> {
    const flow = await this.load(filler);
    if (!flow) return false;
    const { row, state } = flow;
    const field = state.fields[state.step];
    if (!field) return false;
    const text = typed.trim();
    // Typed answers are read in the typist's own language (and English); not knowing it, in every language.
    const language = vocabularyLanguage(filler.languages?.private ?? filler.actor.languages?.person);
    const answer = !state.awaitingNote && field.kind === "choice" ? matchOption(field.options ?? [], text, language ? { language } : {}) : null;
    let next: FormProgress;
    if (answer) {
      const notes = answer.note ? { ...state.notes, [field.id]: answer.note } : state.notes;
      next = { ...state, answers: { ...state.answers, [field.id]: answer.option }, notes, step: state.step + 1, awaitingNote: false };
    } else if (field.kind === "text" && !state.awaitingNote) {
      next = { ...state, answers: { ...state.answers, [field.id]: text }, step: state.step + 1 };
    } else {
      next = { ...state, notes: { ...state.notes, [field.id]: text }, awaitingNote: false };
    }
    await this.moveOn(filler, screen, row, next, { replyTo: messageId });
    return true;
  }

  /** Reads the filler's form; one this code cannot read (changed shape) is dropped rather than crashing every press. */
  private async load(filler: FormFiller): Promise<{ row: SavedFlow; state: FormProgress } | null> {
    const { deps, log } = this.options;
    const row = await findFlow(deps, keyOf(filler));
    if (!row) return null;
    const state = row.kind === FORM_KIND ? FormProgress.safeParse(row.state) : null;
    if (!state?.success) {
      log.warn({ flowId: row.id, kind: row.kind }, "dropping a chat flow this version cannot read");
      await endFlow(deps, keyOf(filler), row);
      return null;
    }
    // A private chat switched to another team since the form started: its lead is not there.
    if (row.teamId !== filler.actor.teamId) {
      await endFlow(deps, keyOf(filler), row);
      return null;
    }
    return { row, state: state.data };
  }

  /**
   * Saves the next state and shows it: the next question (in place of `edit`, or as a new
   * message replying to `replyTo`), or, after the last field, the submitted answer.
   */
  private async moveOn(filler: FormFiller, screen: FormScreen, row: SavedFlow, next: FormProgress, where: { edit?: MessageRef; replyTo?: MessageRef }): Promise<PressAnswer> {
    const { deps, log, route } = this.options;
    if (next.step < next.fields.length) {
      if (!(await advanceFlow(deps, row, next))) return said("answered", filler);
      const question = formQuestion(next, formT(filler));
      if (where.edit !== undefined && (await screen.edit(where.edit, question))) return {};
      if (next.messageId !== undefined && next.messageId !== where.edit) await screen.settle(next.messageId);
      const messageId = await screen.post(question, where.replyTo ?? where.edit);
      const saved = await this.load(filler);
      if (saved?.state.nonce === next.nonce) await advanceFlow(deps, saved.row, { ...saved.state, messageId });
      return {};
    }
    // Only the update that ends the form submits it: a double tap on the last answer saves once.
    if (!(await endFlow(deps, keyOf(filler), row))) return said("answered", filler);
    const line = submitLine(next);
    const answer = line ? await route(line, { deps, actor: filler.actor, languages: languagesOf(filler) }, log) : formUnchangedReply(next.title, formT(filler));
    if (where.edit !== undefined) {
      await screen.show(answer, { replace: where.edit });
    } else {
      if (next.messageId !== undefined) await screen.settle(next.messageId);
      await screen.show(answer, where.replyTo !== undefined ? { replyTo: where.replyTo } : {});
    }
    return {};
  }

  /** Shows `message` in place of `replace` when it can, else as a new message answering `replyTo`; returns where it is. */
  private async ask(screen: FormScreen, message: FormMessage, replace: MessageRef | undefined, replyTo: MessageRef | undefined): Promise<MessageRef> {
    if (replace !== undefined && (await screen.edit(replace, message))) return replace;
    return screen.post(message, replyTo);
  }
}
