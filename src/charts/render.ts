import { createRequire } from "node:module";
import { renderAsync } from "@resvg/resvg-js";
import { BarChart, LineChart, ScatterChart } from "echarts/charts";
import { GraphicComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent } from "echarts/components";
import { init, use, type EChartsCoreOption } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

/**
 * Charts are drawn by Apache ECharts as SVG on the server (no browser, no canvas) and turned
 * into PNG by resvg, whose native binary ships as an npm package for each platform.
 */
use([LineChart, BarChart, ScatterChart, GridComponent, TitleComponent, LegendComponent, MarkLineComponent, GraphicComponent, SVGRenderer]);

/** Layout size in CSS pixels; every chart is laid out at this size. */
export const LAYOUT = { width: 900, height: 450 } as const;
/** Drawn at twice the layout size so text stays sharp on a phone screen. */
const SCALE = 2;
/** The PNG's size in pixels. */
export const CHART_SIZE = { width: LAYOUT.width * SCALE, height: LAYOUT.height * SCALE } as const;

/** The one font family every chart uses, bundled so text looks the same on a machine with no fonts. */
export const FONT_FAMILY = "DejaVu Sans";

const require = createRequire(import.meta.url);
// DejaVu covers Latin, Cyrillic and Greek names; loaded from the npm package, never from the system.
const FONT_FILES = ["dejavu-fonts-ttf/ttf/DejaVuSans.ttf", "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"].map((file) => require.resolve(file));

export const COLORS = {
  background: "#ffffff",
  text: "#1f2933",
  muted: "#616e7c",
  grid: "#e4e7eb",
  line: "#1f5fbf",
  up: "#1a8f4c",
  down: "#c8323c",
  neutral: "#7b8794",
  bar: "#d9480f",
  barCurrent: "#f59f72",
} as const;

/** Renders an ECharts option to SVG text at the layout size. */
export function renderSvg(option: EChartsCoreOption): string {
  const chart = init(null, null, { renderer: "svg", ssr: true, width: LAYOUT.width, height: LAYOUT.height });
  try {
    chart.setOption({ animation: false, backgroundColor: COLORS.background, textStyle: { fontFamily: FONT_FAMILY, color: COLORS.text }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Renders an ECharts option to PNG bytes of CHART_SIZE. Rasterising runs off the event loop. */
export async function renderPng(option: EChartsCoreOption): Promise<Uint8Array> {
  const image = await renderAsync(renderSvg(option), {
    fitTo: { mode: "zoom", value: SCALE },
    background: COLORS.background,
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return new Uint8Array(image.asPng());
}

/** "Ann Example (Acme)" → at most `max` characters, ending in "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

/**
 * A day under the x axis: the view's words for it (`dayLabel`, e.g. "3 Nov" in the reader's
 * language), or the date as written (YYYY-MM-DD) where none is given. Charts hold no words.
 */
export const dayText = (day: string, dayLabel?: (day: string) => string): string => (dayLabel ? dayLabel(day) : day);
