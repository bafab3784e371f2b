/**
 * What happened to a lead, in words: the last touches `/lead status` lists and the markers of
 * `/lead trend` (on the chart and in the list under it), from the data the services return.
 */
import type { Touch } from "../services/lead.service.js";
import type { TrendMarker } from "../services/trend.service.js";

/** "demo_request: asked for a call", "call no_answer: busy (Rita Rep)". */
export function touchText(touch: Touch): string {
  if (touch.kind === "event") return touch.note ? `${touch.type}: ${touch.note}` : touch.type;
  return `call ${touch.outcome}${touch.note ? `: ${touch.note}` : ""}${touch.member ? ` (${touch.member})` : ""}`;
}

/** "Demo request", "Call: no answer", "BANT budget: yes". */
export function markerLabel(marker: TrendMarker): string {
  if (marker.type === "call") return `Call: ${marker.outcome.replace(/_/g, " ")}`;
  if (marker.type === "qualification") return `${marker.framework} ${marker.dimension}: ${marker.answer}`;
  return marker.rule ?? marker.eventType.replace(/_/g, " ");
}

/** Where a trend's numbers come from, said under it. */
export const TREND_SOURCE_NOTE =
  "Scores re-computed for each day from the lead's dated events, calls and answers, under today's rules and the lead's current details.";
