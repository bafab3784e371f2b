import { z } from "zod";
import { capitalise, stageLabel } from "../src/chat/format.js";
import { reply, usageReply, type Reply } from "../src/chat/reply.js";
import type { Answer } from "../src/domain/types.js";
import { readAnswer } from "../src/domain/value-words.js";
import { qualificationState, qualifyLead } from "../src/services/qualify.service.js";
import { leadLabel, orFailure, quote } from "./shared.js";
import type { CommandDefinition } from "./types.js";

const USAGE = '/qualify <lead> [budget=yes authority=no need=yes timing="yes: Q1"]';

/**
 * `yes`, `no`, `unknown`, optionally followed by a note: `yes: signed off by CFO`; or the same
 * in the reader's words: `так: CFO погодив`, `nie - budżet zamrożony`, `nu știu`.
 */
const AnswerValue = z.string().transform((value, ctx): { answer: Answer; note?: string } => {
  const read = readAnswer(value);
  if (!read) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not an answer. Use yes, no or unknown, with an optional note: need="yes: replacing Excel".` });
    return z.NEVER;
  }
  return read;
});

const QualifyArgs = z.object({
  args: z.array(z.string()).min(1, "Which lead? Give part of its name, an email, a phone or #id.").transform((a) => a.join(" ")),
  options: z.record(z.string(), AnswerValue),
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
    const parsed = QualifyArgs.safeParse({ args: line.args, options: line.options });
    if (!parsed.success) return usageReply(parsed.error.issues[0]?.message ?? "That didn't look right.", USAGE);
    const { args: ref, options } = parsed.data;
    const retry = (id: number) => `/qualify #${id}${Object.entries(line.options).map(([k, v]) => ` ${k}=${quote(v)}`).join("")}`;
    if (Object.keys(options).length === 0) {
      const state = orFailure(ctx, await qualificationState(ctx.deps, ctx.actor, ref), retry);
      if (!state.ok) return state.reply;
      const { lead, framework, dimensions, answers } = state.value;
      return reply([
        {
          type: "form",
          id: `qualify:${lead.id}`,
          title: `${framework} for ${lead.name}`,
          submit: `/qualify #${lead.id}`,
          fields: dimensions.flatMap((d) => [
            { id: d, label: capitalise(d), kind: "choice" as const, options: ["yes", "no", "unknown"], initial: answers[d]?.answer ?? "unknown" },
          ]),
        },
        { type: "context", text: `Or type: /qualify #${lead.id} ${dimensions.map((d) => `${d}=yes`).join(" ")}` },
      ]);
    }
    const done = orFailure(ctx, await qualifyLead(ctx.deps, ctx.actor, ref, { answers: options }), retry);
    if (!done.ok) return done.reply;
    const { lead, framework, progress, stageChanged } = done.value;
    const mark = { yes: "✓", no: "✗", unknown: "?" } as const;
    return reply(
      [
        { type: "text", text: `${framework} for ${leadLabel({ ...lead, company: null })}: ${progress.positive}/${progress.total} positive.` },
        { type: "text", text: progress.dimensions.map((d) => `${capitalise(d.dimension)} ${d.answer ? mark[d.answer] : "–"}`).join(" · ") },
        { type: "text", text: stageChanged ? `Stage is now ${stageLabel(lead.stage)}. Score ${lead.score} (${lead.tier}).` : `Stage: ${stageLabel(lead.stage)}. Score ${lead.score} (${lead.tier}).` },
      ],
      { visibility: stageChanged ? "channel" : "ephemeral" },
    );
  },
};
