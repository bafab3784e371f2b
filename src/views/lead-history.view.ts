/**
 * What happened to a lead, in words: the last touches `/lead status` lists and the markers of
 * `/lead trend` (on the chart and in the list under it), from the data the services return.
 * Event types are data; rule labels are the team's own words, or the catalog's while they are the
 * defaults (rule-words.ts); the rest is from the catalogs.
 */
import { DEFAULT_LANGUAGE, translator, type Translator } from "../i18n/index.js";
import type { Touch } from "../services/lead.service.js";
import type { TrendMarker } from "../services/trend.service.js";
import { ruleLabel } from "./rule-words.js";

const english = (): Translator => translator(DEFAULT_LANGUAGE);

/** "demo_request: asked for a call", "call no_answer: busy (Rita Rep)". */
export function touchText(touch: Touch, t: Translator = english()): string {
  if (touch.kind === "event") return touch.note ? `${touch.type}: ${touch.note}` : touch.type;
  const call = t.t("history.call", { outcome: touch.outcome });
  return `${call}${touch.note ? `: ${touch.note}` : ""}${touch.member ? ` (${touch.member})` : ""}`;
}

/** "Demo request", "Call: no answer", "BANT budget: yes". */
export function markerLabel(marker: TrendMarker, t: Translator = english()): string {
  if (marker.type === "call") return t.t("history.callMarker", { outcome: marker.outcome, words: marker.outcome.replace(/_/g, " ") });
  if (marker.type === "qualification") {
    return t.t("history.answer", { framework: marker.framework, dimension: marker.dimension, answer: marker.answer });
  }
  return marker.rule !== null ? ruleLabel(t, { key: marker.ruleKey, label: marker.rule }) : marker.eventType.replace(/_/g, " ");
}

/** Where a trend's numbers come from, said under it. */
export const trendSourceNote = (t: Translator = english()): string => t.t("history.source");
