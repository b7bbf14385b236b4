import { describe, expect, it } from 'vitest';
import { reportCharts } from '../../shared/domain/report/index.ts';
import {
  CHART_SIZE,
  type Chart,
  chartSvg,
  chartText,
  estimateTextWidth,
} from '../../shared/render/charts.ts';
import { HUAIAN_2024_AGENCY_NAME, huaian2024Statistics, nationalModel } from '../support/render-fixtures.ts';

const model = nationalModel(huaian2024Statistics(), HUAIAN_2024_AGENCY_NAME);
const [outcomes, channels] = reportCharts(model) as [Chart, Chart];

/** The bars of a chart's SVG: x, y, width, height of every filled rect but the background. */
const barsOf = (svg: string) =>
  [
    ...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="#2f5597"\/>/gu),
  ].map((m) => ({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) }));

const textsOf = (svg: string) => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/gu)].map((m) => m[1]);

describe('chartSvg', () => {
  it('draws one bar per datum, top to bottom in order, lengths in proportion to the values', () => {
    const svg = chartSvg(outcomes);
    const bars = barsOf(svg);
    expect(bars.length).toBe(6);
    expect(bars.map((b) => b.y)).toEqual([...bars.map((b) => b.y)].sort((a, b) => a - b));
    const values = outcomes.data.map((d) => d.value);
    const perUnit = bars[0]!.width / values[0]!;
    bars.forEach((bar, i) => {
      expect(bar.width).toBeCloseTo(values[i]! * perUnit, 0);
    });
    // Every bar starts on the axis and stays inside the picture, with room for its value on the right.
    for (const bar of bars) {
      expect(bar.x).toBe(bars[0]!.x);
      expect(bar.height).toBeLessThanOrEqual(22);
      expect(bar.x + bar.width + estimateTextWidth('1362件', 11)).toBeLessThan(CHART_SIZE.width);
    }
  });

  it('writes the title, every label and every value with its unit', () => {
    const texts = textsOf(chartSvg(channels));
    expect(texts[0]).toBe('本年新收政府信息公开申请（按申请渠道）');
    for (const d of channels.data) {
      expect(texts).toContain(d.label);
      expect(texts).toContain(`${d.value}件`);
    }
  });

  it('leaves out the bar of a zero but keeps its label and value', () => {
    const svg = chartSvg(channels);
    const zeros = channels.data.filter((d) => d.value === 0).length;
    expect(zeros).toBeGreaterThan(0);
    expect(barsOf(svg).length).toBe(channels.data.length - zeros);
    expect(textsOf(svg).filter((t) => t === '0件').length).toBe(zeros);
  });

  it('draws an all-zero chart without dividing by zero', () => {
    const svg = chartSvg({ ...channels, data: channels.data.map((d) => ({ ...d, value: 0 })) });
    expect(svg).not.toContain('NaN');
    expect(barsOf(svg)).toEqual([]);
  });

  it('is a standalone SVG in a CJK font, escaped, the same every time', () => {
    const chart: Chart = { ...outcomes, data: [{ label: '<其他> & "处理"', value: 3 }] };
    const svg = chartSvg(chart);
    expect(
      svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'),
    ).toBe(true);
    expect(svg).toContain("font-family=\"'Noto Sans CJK SC'");
    expect(svg).toContain('Microsoft YaHei');
    expect(svg).toContain('&lt;其他&gt; &amp; &quot;处理&quot;');
    expect(svg).not.toContain('<其他>');
    expect(chartSvg(chart)).toBe(svg);
  });

  it('describes the chart in words', () => {
    expect(chartText(outcomes)).toBe(
      '本年度政府信息公开申请办理结果：予以公开1362件，部分公开454件，不予公开178件，无法提供781件，不予处理88件，其他处理187件',
    );
    expect(chartSvg(outcomes)).toContain(`<desc>${chartText(outcomes)}</desc>`);
  });
});
