import { z } from "zod";
import { replyT } from "../src/chat/command-context.js";
import { usageReply, type Reply } from "../src/chat/reply.js";
import type { Answer } from "../src/domain/types.js";
import { readAnswer } from "../src/domain/value-words.js";
import type { Translator } from "../src/i18n/index.js";
import { vocabularyLanguage, type VocabularyLanguage } from "../src/i18n/vocabulary/index.js";
import { qualificationState, qualifyLead } from "../src/services/qualify.service.js";
import { didNotReadText, notAnAnswerText, qualifiedReply, qualifyFormReply, whichLeadText } from "../src/views/qualify.view.js";
import { orFailure, quote } from "./shared.js";
import type { CommandDefinition } from "./types.js";

const USAGE = '/qualify <lead> [budget=yes authority=no need=yes timing="yes: Q1"]';

/**
 * `yes`, `no`, `unknown`, optionally followed by a note: `yes: signed off by CFO`; or the same
 * in the reader's words: `так: CFO погодив`, `nie - budżet zamrożony`, `nu știu`.
 */
const answerValue = (t: Translator, language: VocabularyLanguage | undefined) => {
  return z.string().transform((value, ctx): { answer: Answer; note?: string } => {
    const read = readAnswer(value, language ? { language } : {});
    if (!read) {
      ctx.addIssue({ code: "custom", message: notAnAnswerText(t, value) });
      return z.NEVER;
    }
    return read;
  });
};

const qualifyArgs = (t: Translator, language: VocabularyLanguage | undefined) =>
  z.object({
    args: z
      .array(z.string())
      .min(1, whichLeadText(t))
      .transform((a) => a.join(" ")),
    options: z.record(z.string(), answerValue(t, language)),
  });

export const qualifyCommand: CommandDefinition = {
  name: "qualify",
  summary: "command.qualify.summary",
  menu: { hint: "acme  (opens a form)  ·  acme budget=yes need=yes" },
  usage: [USAGE],
  help: "command.qualify.help",
  examples: {
    yes: "yes",
    no: "no",
    unknown: "unknown",
    bant: "budget, authority, need, timing",
    champ: "challenges, authority, money, prioritization",
    example: '/qualify acme budget=yes authority="no: talk to the CFO" need=yes',
  },
  async run(line, ctx): Promise<Reply> {
    const t = replyT(ctx);
    // Answers are read in the typist's own language (and English); not knowing it, in every language.
    const parsed = qualifyArgs(t, vocabularyLanguage(ctx.languages?.private)).safeParse({ args: line.args, options: line.options });
    if (!parsed.success) return usageReply(parsed.error.issues[0]?.message ?? didNotReadText(t), USAGE, t);
    const { args: ref, options } = parsed.data;
    const retry = (id: number) => `/qualify #${id}${Object.entries(line.options).map(([k, v]) => ` ${k}=${quote(v)}`).join("")}`;
    if (Object.keys(options).length === 0) {
      const state = orFailure(ctx, await qualificationState(ctx.deps, ctx.actor, ref), retry);
      if (!state.ok) return state.reply;
      return qualifyFormReply(t, state.value);
    }
    const done = orFailure(ctx, await qualifyLead(ctx.deps, ctx.actor, ref, { answers: options }), retry);
    if (!done.ok) return done.reply;
    // A changed stage is announced to the chat: in its language.
    return qualifiedReply(done.value.stageChanged ? replyT(ctx, "channel") : t, done.value);
  },
};
