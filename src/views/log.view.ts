/**
 * The words of /log: its usage line, what it asks when the outcome is missing, and what it
 * says once a call is logged. The command gives the data; every word is from the catalogs.
 */
import { reply, type Reply } from "../chat/reply.js";
import type { Translator } from "../i18n/index.js";
import { leadLabel } from "./failure.view.js";
import { tierWord } from "./rule-words.js";
import { stageName } from "./words.js";

/** "/log <lead> <outcome> [note]   outcomes: connected, …": the outcomes are typed words. */
export const logUsage = (t: Translator, outcomes: readonly string[]): string =>
  t.t("log.usage", { command: "/log <lead> <outcome> [note]", outcomes: outcomes.join(", ") });

export const logWhichLead = (t: Translator): string => t.t("log.whichLead");
export const logNotRight = (t: Translator): string => t.t("log.notRight");
export const logNotOutcome = (t: Translator, word: string): string => t.t("log.notOutcome", { word });

/** An outcome as a button says it ("No answer"). */
export const outcomeLabel = (t: Translator, outcome: string): string => t.t("log.outcome", { outcome });

/** "How did the call with Jana Novak (#12) go?" with a button per outcome. */
export function pickOutcomeReply(t: Translator, lead: { id: number; name: string; company: string | null }, outcomes: readonly string[]): Reply {
  return reply([
    { type: "text", text: t.t("log.how", { lead: leadLabel(lead) }) },
    { type: "actions", actions: outcomes.map((o) => ({ label: outcomeLabel(t, o), command: `/log #${lead.id} ${o}` })) },
  ]);
}

export interface LoggedCall {
  lead: { id: number; name: string; score: number; tier: string; stage: string };
  outcome: string;
  scoreBefore: number;
  stageChanged: boolean;
}

/** "Logged no answer for Jana Novak (#12). Score 40 → 35 (Warm). Stage: Won." */
export function loggedText(t: Translator, call: LoggedCall): string {
  const { lead } = call;
  const parts = [t.t("log.logged", { outcome: call.outcome, lead: leadLabel({ ...lead, company: null }) })];
  if (lead.score !== call.scoreBefore) parts.push(t.t("log.score", { from: call.scoreBefore, to: lead.score, tier: tierWord(t, lead.tier) }));
  if (call.stageChanged) parts.push(t.t("log.stage", { stage: stageName(t, lead.stage) }));
  return parts.join(" ");
}
