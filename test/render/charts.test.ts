import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { reportCharts } from '../../shared/domain/report/index.ts';
import {
  CHART_SIZE,
  type Chart,
  chartPng,
  chartSvg,
  chartText,
  encodePng,
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

interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly chunks: readonly string[];
  /** RGB of a pixel. */
  readonly at: (x: number, y: number) => string;
}

/** Reads back what encodePng writes (8-bit RGB, filter 0), checking every chunk's CRC. */
function decodePng(png: Buffer): DecodedPng {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(
      crc32(png.subarray(at + 4, at + 8 + length)),
    );
    chunks.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 2, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 3 + 1) * height);
  const at = (x: number, y: number) => {
    const i = y * (width * 3 + 1) + 1 + x * 3;
    expect(raw[y * (width * 3 + 1)]).toBe(0);
    return raw.subarray(i, i + 3).toString('hex');
  };
  return { width, height, chunks, at };
}

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

describe('chartPng (the DOCX fallback)', () => {
  it('is a valid PNG of the chart size: white ground, the bars where the SVG has them', () => {
    const png = decodePng(chartPng(outcomes));
    expect([png.width, png.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
    expect(png.chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(png.at(0, 0)).toBe('ffffff');
    expect(png.at(CHART_SIZE.width - 1, CHART_SIZE.height - 1)).toBe('ffffff');
    for (const bar of barsOf(chartSvg(outcomes))) {
      const y = Math.round(bar.y + bar.height / 2);
      expect(png.at(Math.round(bar.x + bar.width / 2), y)).toBe('2f5597');
      expect(png.at(Math.round(bar.x + bar.width) + 2, y)).toBe('ffffff');
    }
  });

  it('is small', () => {
    expect(chartPng(outcomes).length).toBeLessThan(4096);
    expect(chartPng(channels).length).toBeLessThan(4096);
  });
});

describe('encodePng', () => {
  it('encodes any RGB buffer, and refuses one of the wrong size', () => {
    const rgb = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 2, 3]);
    const png = decodePng(encodePng(2, 2, rgb));
    expect([png.at(0, 0), png.at(1, 0), png.at(0, 1), png.at(1, 1)]).toEqual([
      'ff0000',
      '00ff00',
      '0000ff',
      '010203',
    ]);
    expect(() => encodePng(3, 2, rgb)).toThrow(/expected 18 bytes/u);
  });
});
