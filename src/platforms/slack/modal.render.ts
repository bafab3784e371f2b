import type { types } from "@slack/bolt";
import { z } from "zod";
import { quote } from "../../chat/parse.js";
import type { Block, FormField } from "../../chat/reply.js";
import { DEFAULT_LANGUAGE, translator, type Translator } from "../../i18n/index.js";
import { modalWords } from "../../views/platform.view.js";
import { escapeWithin, truncate } from "./block-kit.render.js";

export type FormBlock = Extract<Block, { type: "form" }>;

/** Every modal we open carries this callback id, so one view handler takes all submissions. */
export const FORM_CALLBACK_ID = "leadbot:form";

/**
 * What a submission needs to become a command and reach the person again. It travels in the
 * modal's `private_metadata`, which Slack hands back untouched in the signed submission.
 */
const FormMetadata = z.object({
  /** The form's `submit` command prefix. */
  submit: z.string().startsWith("/"),
  /** Where the form was asked for; the result is posted there. */
  channel: z.string().min(1).optional(),
  /** The asking command's response_url: a way back when the bot may not post in the channel. */
  responseUrl: z.url().optional(),
});
export type FormMetadata = z.infer<typeof FormMetadata>;

const LIMITS = { title: 24, label: 2000, optionText: 75, optionValue: 150, metadata: 3000, radioOptions: 5 } as const;

/** Field ids become `id=value` options, so only ids the command parser reads as one word pass. */
const FIELD_ID = /^[A-Za-z][\w-]*$/;

const plain = (text: string, max: number) => ({ type: "plain_text" as const, text: truncate(text, max), emoji: true });

function inputFor(field: FormField, choose: string): types.InputBlock {
  const options = (field.options ?? []).map((o) => ({ text: plain(o, LIMITS.optionText), value: o.slice(0, LIMITS.optionValue) }));
  const initialOption = options.find((o) => o.value === field.initial);
  let element: types.InputBlock["element"];
  if (options.length === 0) {
    element = { type: "plain_text_input", action_id: field.id, ...(field.initial ? { initial_value: field.initial } : {}) };
  } else if (options.length <= LIMITS.radioOptions) {
    // A few answers read best side by side (yes / no / unknown) and take one click.
    element = { type: "radio_buttons", action_id: field.id, options, ...(initialOption ? { initial_option: initialOption } : {}) };
  } else {
    element = {
      type: "static_select",
      action_id: field.id,
      placeholder: plain(choose, LIMITS.optionText),
      options,
      ...(initialOption ? { initial_option: initialOption } : {}),
    };
  }
  return { type: "input", block_id: field.id, label: plain(field.label, LIMITS.label), optional: field.optional ?? false, element };
}

/** A form as a `views.open` modal; its own buttons in the reader's words (`t`). */
export function renderModal(form: FormBlock, meta: FormMetadata, t: Translator = translator(DEFAULT_LANGUAGE)): types.ModalView {
  const words = modalWords(t);
  let metadata = JSON.stringify(meta);
  if (metadata.length > LIMITS.metadata) {
    // The way back is a convenience; the command must fit.
    const { responseUrl: _dropped, ...rest } = meta;
    metadata = JSON.stringify(rest);
  }
  const blocks: types.KnownBlock[] = [];
  // Modal titles hold 24 characters; repeat a longer one in full inside.
  if ([...form.title].length > LIMITS.title) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*${escapeWithin(form.title, 2900)}*` } });
  }
  blocks.push(...form.fields.filter((f) => FIELD_ID.test(f.id)).map((f) => inputFor(f, words.choose)));
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    title: plain(form.title, LIMITS.title),
    submit: plain(words.save, LIMITS.title),
    close: plain(words.cancel, LIMITS.title),
    private_metadata: metadata,
    blocks,
  };
}

type StateValues = Record<string, Record<string, { selected_option?: { value?: string } | null; value?: string | null }>>;

/**
 * Turns a submitted modal back into the form's command line: the `submit` prefix followed by
 * `field=value` pairs, quoted so free text stays one value. Blank answers are left out.
 * Returns null when the metadata is not ours.
 */
export function readSubmission(view: { private_metadata: string; state: { values: StateValues } }): { line: string; meta: FormMetadata } | null {
  let raw: unknown;
  try {
    raw = JSON.parse(view.private_metadata);
  } catch {
    return null;
  }
  const meta = FormMetadata.safeParse(raw);
  if (!meta.success) return null;
  const pairs: string[] = [];
  for (const [fieldId, actions] of Object.entries(view.state.values)) {
    if (!FIELD_ID.test(fieldId)) continue;
    const state = actions[fieldId] ?? Object.values(actions)[0];
    const value = (state?.selected_option?.value ?? state?.value ?? "").trim();
    if (value) pairs.push(`${fieldId}=${quote(value)}`);
  }
  return { line: [meta.data.submit, ...pairs].join(" "), meta: meta.data };
}
