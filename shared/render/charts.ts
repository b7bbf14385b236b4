/**
 * Charts of the report, drawn on the server without a DOM, a browser or native code: d3-scale lays the
 * bars out (band scale for the categories, linear scale with a "nice" end for the values) and the SVG
 * markup is written here. The SVG is inlined in the HTML; the DOCX has native Word charts of the same data
 * (docx-charts.ts), and both describe a chart in the same words (chartText).
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import type { ChartDatum, ReportChart } from '../domain/report/index.ts';
import { CHART_COLORS } from './style.ts';

/** A chart of the report, as the model places it (its id, title, data and unit). */
export type Chart = ReportChart;

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

export const CHART_SIZE: ChartSize = { width: 640, height: 300 };

/**
 * The fonts the chart's text asks for: Noto/Source Han (Linux, LibreOffice), then the Windows and macOS
 * faces, then the generic family.
 */
const CHART_FONTS =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', SimHei, 'PingFang SC', sans-serif";

const BAR_COLOR = `#${CHART_COLORS.series[0].toLowerCase()}`;
const TEXT_COLOR = `#${CHART_COLORS.text}`;
const AXIS_COLOR = `#${CHART_COLORS.svgAxis}`;
const TITLE_SIZE = 15;
const LABEL_SIZE = 12;
const VALUE_SIZE = 11;
const BAR_MAX_HEIGHT = 22;
/** Margins of the drawing: the title above the plot, a little air on the three other sides. */
const PAD = { top: 44, right: 16, bottom: 16, left: 16 };
/** Between a category label and the axis, and between a bar and its value. */
const GAP = 8;

/** The chart in words, for alt text: `本年度…办理结果：予以公开1362件，部分公开454件，…`. */
export function chartText(chart: Chart): string {
  return `${chart.title}：${chart.data.map((d) => `${d.label}${d.value}${chart.unit}`).join('，')}`;
}

/**
 * Approximate advance width of a text in pixels, without font metrics: CJK ideographs and full-width
 * forms are one em, digits and Latin letters a little over half an em (as in Noto Sans CJK / YaHei).
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.56;
  return em * fontSize;
}

interface Bar {
  readonly label: string;
  readonly value: number;
  readonly valueText: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Vertical centre of the band: where the label and the value are written. */
  readonly middle: number;
}

interface Layout {
  readonly size: ChartSize;
  /** Where the bars start (the category axis). */
  readonly axisX: number;
  readonly plotTop: number;
  readonly plotBottom: number;
  readonly bars: readonly Bar[];
}

/** Geometry of a horizontal bar chart, the first datum at the top; all coordinates rounded to 0.1 px. */
function layout(chart: Chart, size: ChartSize): Layout {
  const round = (v: number) => Math.round(v * 10) / 10;
  const valueText = (d: ChartDatum) => `${d.value}${chart.unit}`;
  const labelWidth = Math.max(0, ...chart.data.map((d) => estimateTextWidth(d.label, LABEL_SIZE)));
  const valueWidth = Math.max(0, ...chart.data.map((d) => estimateTextWidth(valueText(d), VALUE_SIZE)));
  const axisX = PAD.left + labelWidth + GAP;
  const plotTop = PAD.top;
  const plotBottom = size.height - PAD.bottom;
  const max = Math.max(0, ...chart.data.map((d) => d.value));
  const x = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([axisX, Math.max(axisX + 1, size.width - PAD.right - valueWidth - GAP)])
    .nice();
  const y = scaleBand()
    .domain(chart.data.map((_, i) => String(i)))
    .range([plotTop, plotBottom])
    .paddingInner(0.3)
    .paddingOuter(0.2);
  const height = Math.min(BAR_MAX_HEIGHT, y.bandwidth());
  const bars = chart.data.map((d, i): Bar => {
    const top = y(String(i)) ?? plotTop;
    const middle = top + y.bandwidth() / 2;
    return {
      label: d.label,
      value: d.value,
      valueText: valueText(d),
      x: round(axisX),
      y: round(middle - height / 2),
      width: round(Math.max(0, x(Math.max(0, d.value)) - axisX)),
      height: round(height),
      middle: round(middle),
    };
  });
  return { size, axisX: round(axisX), plotTop, plotBottom, bars };
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const xml = (text: string) => text.replace(/[&<>"']/gu, (ch) => XML_ESCAPES[ch] ?? ch);

/**
 * A horizontal bar chart as a standalone SVG document (with an XML declaration; the HTML renderer strips
 * it). Text is placed on explicit baselines (no dominant-baseline, which LibreOffice and Word ignore).
 */
export function chartSvg(chart: Chart, size: ChartSize = CHART_SIZE): string {
  const { axisX, plotTop, plotBottom, bars } = layout(chart, size);
  const titleId = `gk-chart-${chart.id}-title`;
  // A text centred on y sits with its baseline about 0.35 em below y.
  const baseline = (middle: number, fontSize: number) => Math.round((middle + fontSize * 0.35) * 10) / 10;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}" role="img" aria-labelledby="${titleId}" font-family="${CHART_FONTS}">`,
    `<title id="${titleId}">${xml(chart.title)}</title>`,
    `<desc>${xml(chartText(chart))}</desc>`,
    `<rect x="0" y="0" width="${size.width}" height="${size.height}" fill="#ffffff"/>`,
    `<text x="${size.width / 2}" y="${8 + TITLE_SIZE}" text-anchor="middle" font-size="${TITLE_SIZE}" font-weight="bold" fill="${TEXT_COLOR}">${xml(chart.title)}</text>`,
    `<line x1="${axisX}" y1="${plotTop}" x2="${axisX}" y2="${plotBottom}" stroke="${AXIS_COLOR}" stroke-width="1"/>`,
  ];
  for (const bar of bars) {
    out.push(
      `<text x="${Math.round((axisX - GAP) * 10) / 10}" y="${baseline(bar.middle, LABEL_SIZE)}" text-anchor="end" font-size="${LABEL_SIZE}" fill="${TEXT_COLOR}">${xml(bar.label)}</text>`,
    );
    if (bar.width > 0) {
      out.push(
        `<rect x="${bar.x}" y="${bar.y}" width="${bar.width}" height="${bar.height}" fill="${BAR_COLOR}"/>`,
      );
    }
    out.push(
      `<text x="${Math.round((bar.x + bar.width + 5) * 10) / 10}" y="${baseline(bar.middle, VALUE_SIZE)}" font-size="${VALUE_SIZE}" fill="${TEXT_COLOR}">${xml(bar.valueText)}</text>`,
    );
  }
  out.push('</svg>', '');
  return out.join('\n');
}
