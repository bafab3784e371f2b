import { COLORS, dayText, renderPng, truncate } from "./render.js";

export interface HotWeek {
  /** The week's Monday, YYYY-MM-DD, team-local. */
  weekStart: string;
  hot: number;
}

/** The weeks and the words on the chart; the words come from a view (src/views/team-chart.view.ts), in the reader's language. */
export interface HotLeadsChartInput {
  weeks: HotWeek[];
  title?: string;
  subtitle?: string;
  /** The last week is still running: drawn lighter so nobody reads it as a drop. */
  lastWeekPartial?: boolean;
  footnote?: string;
  /** A week's Monday (YYYY-MM-DD) as shown under its bar ("16 Nov"). */
  dayLabel?: (day: string) => string;
}

/** Hot leads per week as bars with their counts on top. Returns PNG bytes. */
export async function hotLeadsPerWeekChart(input: HotLeadsChartInput): Promise<Uint8Array> {
  const last = input.weeks.length - 1;
  const top = Math.max(...input.weeks.map((w) => w.hot), 4);
  return renderPng({
    title: {
      text: truncate(input.title ?? "", 60),
      subtext: input.subtitle ?? "",
      left: 16,
      top: 10,
      textStyle: { fontSize: 20, fontWeight: "bold", color: COLORS.text },
      subtextStyle: { fontSize: 14, color: COLORS.muted },
    },
    grid: { left: 56, right: 28, top: 86, bottom: input.footnote ? 64 : 40 },
    xAxis: {
      type: "category",
      data: input.weeks.map((w) => dayText(w.weekStart, input.dayLabel)),
      axisLabel: { fontSize: 13, color: COLORS.muted, hideOverlap: true },
      axisLine: { lineStyle: { color: COLORS.neutral } },
      axisTick: { show: false },
    },
    yAxis: {
      type: "value",
      minInterval: 1,
      min: 0,
      // Room above the tallest bar for its count.
      max: Math.ceil(top * 1.15),
      axisLabel: { fontSize: 13, color: COLORS.muted },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      {
        type: "bar",
        barMaxWidth: 48,
        label: { show: true, position: "top", fontSize: 14, fontWeight: "bold", color: COLORS.text },
        data: input.weeks.map((w, i) => ({
          value: w.hot,
          itemStyle: { color: input.lastWeekPartial && i === last ? COLORS.barCurrent : COLORS.bar, borderRadius: [3, 3, 0, 0] },
        })),
      },
    ],
    graphic: input.footnote
      ? [{ type: "text", left: 16, bottom: 10, style: { text: truncate(input.footnote, 130), fontSize: 12, fill: COLORS.muted } }]
      : [],
  });
}
