import { describe, expect, it } from "vitest";
import { hotLeadsPerWeekChart } from "../../src/charts/hot-leads.chart.js";
import { CHART_SIZE, COLORS } from "../../src/charts/render.js";
import { scoreTrendChart, type ScoreTrendChartInput } from "../../src/charts/score-trend.chart.js";
import { countColor, decodePng } from "./png.js";

const day = (offset: number, from = "2026-06-01") => new Date(Date.parse(`${from}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
const DAYS = Array.from({ length: 30 }, (_, i) => day(i));

function trendInput(overrides: Partial<ScoreTrendChartInput> = {}): ScoreTrendChartInput {
  return {
    title: "#7 Яна Новак (Acme)",
    subtitle: "Score, last 30 days · now 65 (Hot)",
    days: 30,
    points: DAYS.map((day, i) => ({ day, score: i < 4 ? 15 : i < 11 ? 55 : 65 })),
    events: [
      { at: new Date("2026-06-05T09:00:00Z"), day: "2026-06-05", type: "event", label: "Demo request", points: 40 },
      { at: new Date("2026-06-12T14:00:00Z"), day: "2026-06-12", type: "call", label: "Call: no answer", points: 0 },
      { at: new Date("2026-06-20T08:00:00Z"), day: "2026-06-20", type: "qualification", label: "BANT budget: yes", points: 10 },
    ],
    thresholds: [
      { label: "Hot", min: 60 },
      { label: "Warm", min: 30 },
    ],
    footnote: "Re-computed per day.",
    ...overrides,
  };
}

/** The title band, left of the legend, in PNG pixels. */
const TITLE_BOX = { x0: 0, y0: 0, x1: 1000, y1: 80 };

describe("score trend chart", () => {
  it("is a PNG of the fixed size with the score line, the hot line and coloured markers drawn", async () => {
    const png = decodePng(await scoreTrendChart(trendInput()));
    expect([png.width, png.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
    expect(CHART_SIZE).toEqual({ width: 1800, height: 900 });
    // A 3 px line at 2× over 30 days leaves thousands of pixels of its colour.
    expect(countColor(png, COLORS.line)).toBeGreaterThan(3_000);
    // The hot threshold's dashed line and the green "score went up" marker.
    expect(countColor(png, "#d9480f")).toBeGreaterThan(500);
    expect(countColor(png, COLORS.up)).toBeGreaterThan(100);
  });

  it("draws its text with the bundled font (Cyrillic too), whatever fonts the machine has", async () => {
    const titled = decodePng(await scoreTrendChart(trendInput()));
    const untitled = decodePng(await scoreTrendChart(trendInput({ title: "", subtitle: "" })));
    expect(countColor(titled, COLORS.text, TITLE_BOX, 40)).toBeGreaterThan(1_500);
    expect(countColor(untitled, COLORS.text, TITLE_BOX, 40)).toBe(0);
  });

  it("marks a score drop in red", async () => {
    const png = decodePng(
      await scoreTrendChart(
        trendInput({ events: [{ at: new Date("2026-06-10T12:00:00Z"), day: "2026-06-10", type: "call", label: "Call: not interested", points: -30 }] }),
      ),
    );
    expect(countColor(png, COLORS.down)).toBeGreaterThan(100);
    expect(countColor(png, COLORS.up)).toBe(0);
  });
});

describe("hot leads per week chart", () => {
  it("is a PNG of the fixed size with a bar per week, the running week lighter", async () => {
    const weeks = [3, 5, 8, 2].map((hot, i) => ({ weekStart: day(7 * i, "2026-05-11"), hot }));
    const png = decodePng(await hotLeadsPerWeekChart({ weeks, lastWeekPartial: true }));
    expect([png.width, png.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
    const full = countColor(png, COLORS.bar);
    const running = countColor(png, COLORS.barCurrent);
    expect(full).toBeGreaterThan(10_000);
    // The running week (2) is a quarter of the tallest bar (8), and the only light one.
    expect(running).toBeGreaterThan(1_000);
    expect(running).toBeLessThan(full / 4);
  });

  it("draws an all-zero team as an empty chart rather than failing", async () => {
    const weeks = [0, 0, 0].map((hot, i) => ({ weekStart: day(7 * i, "2026-05-18"), hot }));
    const png = decodePng(await hotLeadsPerWeekChart({ weeks }));
    expect(png.width).toBe(CHART_SIZE.width);
    expect(countColor(png, COLORS.bar)).toBe(0);
  });
});
