/**
 * Team-stats words shared by /team stats and the morning digest: week labels and the
 * alert-fatigue suggestion.
 */
import type { Block } from "../chat/reply.js";
import { percent, type FatigueAdvice } from "../domain/team-stats.js";

/** "23 Nov" for a YYYY-MM-DD Monday. */
export const dayMonth = (date: string): string =>
  new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));

/** The alert-fatigue suggestion, shared with the digest. */
export function fatigueBlocks(f: FatigueAdvice, hotLabel: string): Block[] {
  const why =
    f.basis === "acted_scores"
      ? f.acted === 1
        ? `The one alert acted on scored ${f.suggestedHot} or more.`
        : `At least three in four of the alerts acted on scored ${f.suggestedHot} or more.`
      : `Raising it by ${f.suggestedHot - f.currentHot} keeps only the stronger alerts.`;
  const weeks = f.weeks.length === 1 ? `the week of ${dayMonth(f.weeks[0]!.week)}` : `the last ${f.weeks.length} weeks`;
  return [
    {
      type: "text",
      text: `Alert fatigue: only ${f.acted} of ${f.sent} ${hotLabel.toLowerCase()} alerts in ${weeks} were acted on (${percent(f.share)}). Consider raising the ${hotLabel.toLowerCase()} threshold from ${f.currentHot} to ${f.suggestedHot}. ${why}`,
    },
    { type: "actions", actions: [{ label: `Preview ${hotLabel.toLowerCase()}=${f.suggestedHot}`, command: f.command }] },
  ];
}
