/**
 * Charts of the report, drawn on the server: Apache ECharts in SSR mode gives SVG (inlined in the HTML),
 * resvg turns it into PNG (embedded in the DOCX). Only the bar chart, grid and the SVG renderer are
 * imported, not the whole of ECharts.
 */
import { renderAsync } from '@resvg/resvg-js';
import { BarChart } from 'echarts/charts';
import { GridComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartDatum, ReportModel } from '../domain/report/index.ts';

echarts.use([BarChart, GridComponent, TitleComponent, SVGRenderer]);

export interface Chart {
  readonly id: 'outcomes' | 'channels';
  readonly title: string;
  readonly data: readonly ChartDatum[];
  readonly unit: string;
}

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

export const CHART_SIZE: ChartSize = { width: 640, height: 300 };

/** The font the chart's SVG asks for; resvg needs one of them installed (or given as `fontFiles`). */
const CHART_FONTS =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', SimHei, 'PingFang SC', sans-serif";

/** The charts of a report: outcomes of the requests decided, and requests by channel. */
export function reportCharts(model: ReportModel): Chart[] {
  return [
    { id: 'outcomes', title: '本年度政府信息公开申请办理结果', data: model.charts.outcomes, unit: '件' },
    {
      id: 'channels',
      title: '本年新收政府信息公开申请（按申请渠道）',
      data: model.charts.channels,
      unit: '件',
    },
  ];
}

/** A horizontal bar chart as a standalone SVG document. */
export function chartSvg(chart: Chart, size: ChartSize = CHART_SIZE): string {
  const instance = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    const data = [...chart.data].reverse();
    instance.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: CHART_FONTS, color: '#222' },
      title: { text: chart.title, left: 'center', top: 8, textStyle: { fontSize: 15, fontWeight: 'bold' } },
      grid: {
        left: 16,
        right: 64,
        top: 44,
        bottom: 16,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      // The bars carry their values: no value axis labels (fewer texts, and text is what costs in PNG).
      xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
      yAxis: {
        type: 'category',
        data: data.map((d) => d.label),
        axisLabel: { fontSize: 12 },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          data: data.map((d) => d.value),
          barMaxWidth: 22,
          itemStyle: { color: '#2f5597' },
          label: { show: true, position: 'right', fontSize: 11, formatter: `{c}${chart.unit}` },
        },
      ],
    });
    // ECharts numbers its SVG ids and classes per process; name them after the chart so the output is
    // reproducible and two charts in one HTML page never share a name.
    const svg = instance.renderToSVGString().replace(/\bzr\d+-/gu, `gk-${chart.id}-`);
    // Class numbers count up across charts as well: number them again from 0 in order of appearance.
    const renumbered = new Map<string, string>();
    return svg.replace(new RegExp(`gk-${chart.id}-([a-z]+)-(\\d+)`, 'gu'), (token, kind: string) => {
      let name = renumbered.get(token);
      if (!name) {
        name = `gk-${chart.id}-${kind}-${[...renumbered.keys()].filter((k) => k.includes(`-${kind}-`)).length}`;
        renumbered.set(token, name);
      }
      return name;
    });
  } finally {
    instance.dispose();
  }
}

export interface PngOptions {
  /** Output width in pixels (the SVG is scaled). */
  readonly width?: number;
  /**
   * Font files to draw the text with, for machines without a CJK font installed (e.g. a Lambda
   * function shipping one in a layer). System fonts are used as well.
   */
  readonly fontFiles?: readonly string[];
}

/**
 * SVG → PNG, on libuv's thread pool (text shaping with a large CJK font costs ~25 ms per text element,
 * so render several charts concurrently).
 */
export async function svgToPng(svg: string, opts: PngOptions = {}): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: opts.width ? { mode: 'width', value: opts.width } : { mode: 'zoom', value: 2 },
    background: '#ffffff',
    font: {
      loadSystemFonts: true,
      ...(opts.fontFiles && { fontFiles: [...opts.fontFiles] }),
      defaultFontFamily: 'Noto Sans CJK SC',
      sansSerifFamily: 'Noto Sans CJK SC',
    },
  });
  return image.asPng();
}
