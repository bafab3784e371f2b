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
