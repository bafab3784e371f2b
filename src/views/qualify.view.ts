/**
 * /qualify in words: the form it opens (one choice per dimension of BANT or CHAMP) and what
 * saving the answers did. The answers themselves stay yes/no/unknown: they are what the form
 * submits and what people may type.
 */
import { reply, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import type { Answer, Framework } from "../domain/types.js";
import type { QualifyOutcome } from "../services/qualify.service.js";
import { leadLabel } from "./failure.view.js";
import { tierWord } from "./rule-words.js";
import { stageName } from "./words.js";

/** A dimension in the reader's words ("Budget", "Бюджет"). */
export const dimensionName = (t: Translator, dimension: string): string => t.t("qualify.dimension", { dimension });

/** Why a typed answer was refused. */
export const notAnAnswerText = (t: Translator, typed: string): string =>
  t.t("qualify.notAnAnswer", { typed, yes: "yes", no: "no", unknown: "unknown", example: 'need="yes: replacing Excel"' });

export const whichLeadText = (t: Translator): string => t.t("qualify.whichLead");
export const didNotReadText = (t: Translator): string => t.t("qualify.didNotRead");

/** The qualification form for `lead`, pre-filled with what is known. */
export function qualifyFormReply(
  t: Translator,
  form: { lead: { id: number; name: string }; framework: Framework; dimensions: readonly string[]; answers: Partial<Record<string, { answer: Answer }>> },
): Reply {
  const { lead, framework, dimensions, answers } = form;
  return reply([
    {
      type: "form",
      id: `qualify:${lead.id}`,
      title: t.t("qualify.formTitle", { framework, lead: lead.name }),
      submit: `/qualify #${lead.id}`,
      fields: dimensions.map((d) => ({ id: d, label: dimensionName(t, d), kind: "choice" as const, options: ["yes", "no", "unknown"], initial: answers[d]?.answer ?? "unknown" })),
    },
    { type: "context", text: t.t("qualify.orType", { command: `/qualify #${lead.id} ${dimensions.map((d) => `${d}=yes`).join(" ")}` }) },
  ]);
}

const MARK = { yes: "✓", no: "✗", unknown: "?" } as const;

/** What saving the answers did: the progress, each dimension's mark, and the stage and score. */
export function qualifiedReply(
  t: Translator,
  done: QualifyOutcome,
): Reply {
  const { lead, framework, progress, stageChanged } = done;
  const values = { stage: stageName(t, lead.stage), score: t.number(lead.score), tier: tierWord(t, lead.tier) };
  return reply(
    [
      { type: "text", text: t.t("qualify.progress", { framework, lead: leadLabel({ ...lead, company: null }), positive: t.number(progress.positive), total: t.number(progress.total) }) },
      { type: "text", text: progress.dimensions.map((d) => `${dimensionName(t, d.dimension)} ${d.answer ? MARK[d.answer] : "–"}`).join(" · ") },
      { type: "text", text: stageChanged ? t.t("qualify.stageNow", values) : t.t("qualify.stage", values) },
    ],
    { visibility: stageChanged ? "channel" : "ephemeral" },
  );
}
