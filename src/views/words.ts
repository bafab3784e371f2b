/**
 * Words several views share, from the catalogs: stage names, a lead as a title. A view that
 * needs one of these imports it from here rather than wording it again.
 */
import type { MessageKey, Translator } from "../i18n/index.js";

const STAGES = new Set(["new", "mql", "sal", "sql", "won", "lost", "disqualified"]);

/** A lead stage in the reader's words ("MQL", "Угоду виграно"); an unknown stage as stored. */
export function stageName(t: Translator, stage: string): string {
  return STAGES.has(stage) ? t.t(`stage.${stage}` as MessageKey) : stage;
}

/** "Jana Novak · Acme": a lead's name and company, as data (no words to translate). */
export const leadTitle = (lead: { name: string; company: string | null }): string => (lead.company ? `${lead.name} · ${lead.company}` : lead.name);

/** A whole percentage in the reader's locale ("80%", "80 %"): `rate` is a share (0.8). */
export const percent = (t: Translator, rate: number): string => t.number(Math.round(rate * 100) / 100, { style: "percent", maximumFractionDigits: 0 });

/** Points as people type them and summaries always said them: "+40", "-15", "0". */
export const typedPoints = (n: number): string => (n > 0 ? `+${n}` : `${n}`);

/** A number as typed, without the locale's grouping ("10000"): limits people compare with what they typed. */
export const typedNumber = (n: number): string => String(n);
