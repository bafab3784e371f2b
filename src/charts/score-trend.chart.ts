import { COLORS, dayText, renderPng, truncate } from "./render.js";

/** The score at the end of one team-local day (the last day: now). */
export interface TrendPoint {
  /** YYYY-MM-DD, team-local. */
  day: string;
  score: number;
}

/** Something that happened to the lead and what it did to the score at that moment. */
export interface TrendMarker {
  at: Date;
  /** The team-local day of `at`, YYYY-MM-DD: where the marker sits on the chart. */
  day: string;
  type: "event" | "call" | "qualification";
  label: string;
  /** How much the score moved at that moment (0 for a call outcome that scores nothing). */
  points: number;
}

export interface Threshold {
  label: string;
  min: number;
}

/** The legend's names of the score line and of each kind of marker. */
export interface ScoreTrendLegend {
  score: string;
  event: string;
  call: string;
  qualification: string;
}

/** The lead's days and what moved its score, and the words on the chart, which come from a view (src/views/lead-trend.view.ts). */
export interface ScoreTrendChartInput {
  title: string;
  subtitle?: string;
  /** The window's length in days; `points` holds one entry per day. */
  days: number;
  points: TrendPoint[];
  events: TrendMarker[];
  /** Tier thresholds, highest first: drawn as dashed lines. */
  thresholds: Threshold[];
  /** A short note under the chart: where the numbers come from. */
  footnote?: string;
  /** The legend's words; without them the chart has no legend. */
  legend?: ScoreTrendLegend;
  /** A day (YYYY-MM-DD) as shown under the x axis ("3 Nov"). */
  dayLabel?: (day: string) => string;
}

const MARKER_SERIES = [
  { type: "event", symbol: "circle" },
  { type: "call", symbol: "diamond" },
  { type: "qualification", symbol: "rect" },
] as const;

// Highest tier first: the hot line is the one that must stand out.
const THRESHOLD_COLORS = ["#d9480f", "#e8a33d", "#7b8794", "#7b8794"];

const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "±0");

interface DayMarker {
  index: number;
  score: number;
  /** The move that names the marker: the largest of the day. */
  lead: TrendMarker;
  net: number;
  count: number;
}

/**
 * One marker per day and kind, named after its largest move, so a busy day stays one dot with
 * one label ("+40 Demo request +2") rather than a pile of overlapping ones.
 */
function markersByDay(input: ScoreTrendChartInput): Map<TrendMarker["type"], DayMarker[]> {
  const dayIndex = new Map(input.points.map((p, i) => [p.day, i]));
  const grouped = new Map<string, DayMarker>();
  for (const marker of input.events) {
    const index = dayIndex.get(marker.day);
    if (index === undefined) continue;
    const key = `${marker.type}:${index}`;
    const seen = grouped.get(key);
    if (!seen) {
      grouped.set(key, { index, score: input.points[index]!.score, lead: marker, net: marker.points, count: 1 });
      continue;
    }
    seen.net += marker.points;
    seen.count += 1;
    if (Math.abs(marker.points) > Math.abs(seen.lead.points)) seen.lead = marker;
  }
  const byType = new Map<TrendMarker["type"], DayMarker[]>();
  for (const marker of grouped.values()) byType.set(marker.lead.type, [...(byType.get(marker.lead.type) ?? []), marker]);
  return byType;
}

function markerLabel(marker: DayMarker): string {
  const more = marker.count > 1 ? ` +${marker.count - 1}` : "";
  const points = marker.lead.type === "call" && marker.lead.points === 0 ? "" : `${signed(marker.lead.points)} `;
  return `${points}${truncate(marker.lead.label, 22)}${more}`;
}

function yRange(input: ScoreTrendChartInput): { min: number; max: number } {
  const scores = input.points.map((p) => p.score);
  const top = Math.max(...scores, ...input.thresholds.map((t) => t.min), 10);
  const bottom = Math.min(...scores, 0);
  // Head room above the line for the marker labels.
  return { min: bottom < 0 ? Math.floor((bottom - 5) / 10) * 10 : 0, max: Math.ceil((top + 15) / 10) * 10 };
}

/**
 * A lead's score per day as a line, the tier thresholds as dashed lines, and what moved the
 * score as labelled markers (green up, red down, grey for no change). Returns PNG bytes.
 */
export async function scoreTrendChart(input: ScoreTrendChartInput): Promise<Uint8Array> {
  const { min, max } = yRange(input);
  const markers = markersByDay(input);
  // Series are named by the legend's words (the legend matches them by name), else by their kind.
  const scoreName = input.legend?.score ?? "score";
  const markerSeries = MARKER_SERIES.filter((s) => markers.has(s.type)).map((s, seriesIndex) => ({
    type: "scatter",
    name: input.legend?.[s.type] ?? s.type,
    symbol: s.symbol,
    symbolSize: 13,
    z: 5,
    itemStyle: { color: COLORS.neutral, borderColor: "#ffffff", borderWidth: 1.5, opacity: 1 },
    label: { show: true, formatter: "{b}", fontSize: 13, color: COLORS.text, backgroundColor: "rgba(255,255,255,0.85)", padding: [1, 3] },
    labelLayout: { hideOverlap: true },
    data: markers.get(s.type)!.map((m, i) => ({
      name: markerLabel(m),
      value: [m.index, m.score],
      itemStyle: { color: m.net > 0 ? COLORS.up : m.net < 0 ? COLORS.down : COLORS.neutral },
      // Alternate above and below so neighbouring days' labels collide less.
      label: { position: m.net < 0 || (i + seriesIndex) % 2 === 1 ? "bottom" : "top" },
    })),
  }));
  const legend = input.legend && markerSeries.length > 0 ? [scoreName, ...markerSeries.map((s) => s.name)] : [];
  return renderPng({
    title: {
      // Short enough to stay clear of the legend on the right.
      text: truncate(input.title, 42),
      subtext: input.subtitle ?? "",
      left: 16,
      top: 10,
      textStyle: { fontSize: 20, fontWeight: "bold", color: COLORS.text },
      subtextStyle: { fontSize: 14, color: COLORS.muted },
    },
    legend: { show: legend.length > 0, data: legend, right: 16, top: 14, textStyle: { fontSize: 13, color: COLORS.muted }, itemWidth: 14, itemHeight: 10 },
    grid: { left: 56, right: 28, top: 78, bottom: input.footnote ? 64 : 40 },
    xAxis: {
      type: "category",
      boundaryGap: false,
      data: input.points.map((p) => dayText(p.day, input.dayLabel)),
      axisLabel: { fontSize: 13, color: COLORS.muted, hideOverlap: true },
      axisLine: { lineStyle: { color: COLORS.neutral } },
      axisTick: { show: false },
    },
    yAxis: {
      type: "value",
      min,
      max,
      axisLabel: { fontSize: 13, color: COLORS.muted },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      {
        type: "line",
        name: scoreName,
        // The score jumps when something happens; a step line shows that, a sloped one would not.
        step: "end",
        showSymbol: false,
        lineStyle: { width: 3, color: COLORS.line },
        itemStyle: { color: COLORS.line },
        areaStyle: { color: COLORS.line, opacity: 0.07 },
        data: input.points.map((p) => p.score),
        markLine: {
          silent: true,
          symbol: "none",
          data: input.thresholds.map((t, i) => ({
            name: `${t.label} ≥ ${t.min}`,
            yAxis: t.min,
            lineStyle: { type: "dashed", width: 1.5, color: THRESHOLD_COLORS[i] ?? COLORS.neutral },
            label: { formatter: "{b}", position: "insideStartTop", fontSize: 13, color: THRESHOLD_COLORS[i] ?? COLORS.neutral },
          })),
        },
      },
      ...markerSeries,
    ],
    graphic: input.footnote
      ? [{ type: "text", left: 16, bottom: 10, style: { text: truncate(input.footnote, 130), fontSize: 12, fill: COLORS.muted } }]
      : [],
  });
}
