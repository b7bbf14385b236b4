/**
 * The report as one self-contained HTML page, with the hierarchy of the official document (the same model
 * as the DOCX): the lines 发布机构 / 成文日期 / 索引号 / 文号, the title, the preamble, the sections with their
 * second-level headings, paragraphs, national tables (rowspan/colspan merges, <th> with scope) and charts
 * (inline SVG), the signature and the 附件 with its captioned tables. The fonts are the system's 小标宋,
 * 黑体, 楷体 and 仿宋 where present. A draft carries one line saying so; the findings are in a page of
 * their own (findings-html.ts). Wide tables scroll in their own box on a narrow screen.
 */
import type {
  GridCell,
  ReportBlock,
  ReportHeaderLine,
  ReportModel,
  ReportSection,
  TableGrid,
} from '../domain/report/index.ts';
import { chartSvg } from './charts.ts';
import {
  CSS_FANGSONG_STACK,
  CSS_HEI_STACK,
  CSS_KAI_STACK,
  CSS_SONG_STACK,
  CSS_TITLE_STACK,
  draftNotice,
  PAGE_COLUMN_WEIGHTS,
} from './style.ts';

export interface HtmlOptions {
  /** Draw the charts (default true). */
  readonly charts?: boolean;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (ch) => ESCAPES[ch] ?? ch);
}

/** Minimum widths (px) that keep the wide tables legible: below them the table scrolls in its box. */
const TABLE_MIN_WIDTH = { proactive: 420, requests: 640, reviews: 720 } as const;

const CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #f3f3f3; color: #111; font-family: ${CSS_FANGSONG_STACK}; font-size: 16pt; line-height: 28.95pt; }
.report { max-width: 210mm; margin: 24px auto; padding: 37mm 26mm 35mm 28mm; background: #fff; overflow-wrap: anywhere; }
.draft-notice { color: #c00000; font-family: ${CSS_HEI_STACK}; text-align: center; margin: 0 0 1em; }
.doc-header { display: flex; flex-wrap: wrap; margin: 0 0 2em; font-size: 12pt; line-height: 1.6; }
.doc-header div { flex: 1 1 50%; min-width: 12em; }
.doc-header dt, .doc-header dd { display: inline; margin: 0; }
.doc-header dt::after { content: '：'; }
h1 { font-family: ${CSS_TITLE_STACK}; font-weight: normal; font-size: 22pt; line-height: 1.45; text-align: center; text-wrap: balance; margin: 0 0 28.95pt; }
h2 { font-family: ${CSS_HEI_STACK}; font-weight: normal; font-size: 16pt; margin: 0; text-indent: 2em; }
h3 { font-family: ${CSS_KAI_STACK}; font-weight: normal; font-size: 16pt; margin: 0; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.signature { width: fit-content; margin: calc(2 * 28.95pt) 4em 0 auto; }
.signature p { text-indent: 0; text-align: center; }
.annex { break-before: page; page-break-before: always; margin-top: 3em; }
.annex-mark { font-family: ${CSS_HEI_STACK}; text-indent: 0; }
.annex h2 { font-family: ${CSS_TITLE_STACK}; font-size: 22pt; line-height: 1.45; text-align: center; text-wrap: balance; text-indent: 0; margin: 1em 0; }
.table-scroll { overflow-x: auto; margin: 0.6em 0 1em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-family: ${CSS_SONG_STACK}; font-size: 10.5pt; line-height: 1.45; }
caption { font-family: ${CSS_HEI_STACK}; font-size: 14pt; padding: 0.3em 0; }
th, td { border: 1px solid #000; padding: 3px 4px; text-align: center; vertical-align: middle; word-break: break-all; overflow-wrap: normal; }
th { font-weight: bold; }
th.label { text-align: left; font-weight: normal; }
th.group { text-align: center; font-weight: normal; }
td.value { white-space: nowrap; }
table.national-proactive { min-width: ${TABLE_MIN_WIDTH.proactive}px; }
table.national-requests { min-width: ${TABLE_MIN_WIDTH.requests}px; }
table.national-reviews { min-width: ${TABLE_MIN_WIDTH.reviews}px; font-size: 9pt; }
table.national { break-inside: avoid; page-break-inside: avoid; }
tr { page-break-inside: avoid; break-inside: avoid; }
figure { margin: 0.8em 0; text-align: center; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
@media screen and (max-width: 600px) {
  body { font-size: 14pt; line-height: 1.8; }
  .report { margin: 0; padding: 16px 14px; }
  h1 { font-size: 18pt; }
}
@media print {
  body { background: #fff; }
  .report { margin: 0; padding: 0; max-width: none; }
  h2, h3 { break-after: avoid; }
  .table-scroll { overflow: visible; }
  table.national { min-width: 0; }
}
`;

/**
 * The report's style sheet, for the officer console's preview: the console's policy allows no inline
 * style, so its build serves this as a fingerprinted file in place of the report's own `<style>`.
 */
export const REPORT_STYLE_SHEET = CSS;

/** Renders the report model as an HTML document. */
export function renderHtml(model: ReportModel, opts: HtmlOptions = {}): string {
  const context: BlockContext = { charts: opts.charts !== false };
  const body: string[] = [];
  if (model.draft) body.push(`<p class="draft-notice" role="note">${escapeHtml(draftNotice(model))}</p>`);
  if (model.header.length > 0) body.push(headerHtml(model.header));
  body.push(`<h1>${escapeHtml(model.title)}</h1>`);
  if (model.preamble.length > 0) {
    body.push(
      `<div class="preamble">\n${model.preamble.map((b) => blockHtml(b, context)).join('\n')}\n</div>`,
    );
  }
  for (const section of model.sections) body.push(sectionHtml(section, context));
  if (model.signature) {
    body.push(
      `<div class="signature"><p>${escapeHtml(model.signature.agencyName)}</p><p>${escapeHtml(model.signature.date)}</p></div>`,
    );
  }
  if (model.annex) {
    const tables = model.annex.tables.map(({ caption, grid }) => tableHtml(grid, { caption }));
    body.push(
      `<section class="annex" aria-labelledby="annex-heading">\n<p class="annex-mark">附件</p>\n` +
        `<h2 id="annex-heading">${escapeHtml(model.annex.heading)}</h2>\n${tables.join('\n')}\n</section>`,
    );
  }
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}${model.draft ? '（草稿）' : ''}</title>
<style>${CSS}</style>
</head>
<body>
<main class="report${model.draft ? ' draft' : ''}" data-format="${model.format}" data-year="${model.year}">
${body.join('\n')}
</main>
</body>
</html>
`;
}

interface BlockContext {
  readonly charts: boolean;
  /** The id of the heading that names the section's tables. */
  readonly headingId?: string;
}

function headerHtml(lines: readonly ReportHeaderLine[]): string {
  const items = lines.map((l) => `<div><dt>${escapeHtml(l.label)}</dt><dd>${escapeHtml(l.value)}</dd></div>`);
  return `<dl class="doc-header">${items.join('')}</dl>`;
}

function blockHtml(block: ReportBlock, context: BlockContext): string {
  switch (block.kind) {
    case 'subheading':
      return `<h3>${escapeHtml(block.text)}</h3>`;
    case 'paragraph':
      return `<p class="${block.origin}">${escapeHtml(block.sentence.text)}</p>`;
    case 'table':
      return tableHtml(block.grid, context.headingId ? { labelledBy: context.headingId } : {});
    case 'chart':
      return context.charts
        ? `<figure class="chart" id="chart-${block.chart.id}">${stripXmlProlog(chartSvg(block.chart))}</figure>`
        : '';
  }
}

function sectionHtml(section: ReportSection, context: BlockContext): string {
  const headingId = `${section.id}-heading`;
  const inner = { ...context, headingId };
  const blocks = section.blocks.map((b) => blockHtml(b, inner)).filter((html) => html !== '');
  return [
    `<section id="${section.id}" aria-labelledby="${headingId}">`,
    `<h2 id="${headingId}">${escapeHtml(section.heading)}</h2>`,
    ...blocks,
    '</section>',
  ].join('\n');
}

function stripXmlProlog(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/u, '');
}

/**
 * A national table in its scrolling box: one <tr> per grid row, cells in column order, covered cells left
 * out. Column headers and row labels are <th> with their scope, so that a screen reader names a figure by
 * its row and column; the table is named by its <caption> (附件) or by the heading of its section.
 */
export function tableHtml(grid: TableGrid, name: { caption?: string; labelledBy?: string } = {}): string {
  const widths = PAGE_COLUMN_WEIGHTS[grid.table];
  const total = widths.reduce((a, b) => a + b, 0);
  const cols = widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%">`).join('');
  const rows: GridCell[][] = Array.from({ length: grid.height }, () => []);
  for (const cell of grid.cells) rows[cell.row]!.push(cell);
  const trs = rows.map((cells) => {
    const tds = cells
      .sort((a, b) => a.col - b.col)
      .map((c) => {
        const span = `${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}`;
        if (c.kind === 'header') {
          return `<th scope="${c.colSpan > 1 ? 'colgroup' : 'col'}"${span}>${escapeHtml(c.text)}</th>`;
        }
        if (c.kind === 'value') {
          const ref = c.ref ? ` data-cell="${c.ref.table}.${c.ref.row}.${c.ref.column}"` : '';
          return `<td class="value"${span}${ref}>${escapeHtml(c.text)}</td>`;
        }
        const cls = c.rowSpan > 1 || grid.table !== 'requests' ? 'group' : 'label';
        const scope = c.rowSpan > 1 ? 'rowgroup' : 'row';
        return `<th scope="${scope}" class="${cls}"${span}>${escapeHtml(c.text)}</th>`;
      });
    return `<tr>${tds.join('')}</tr>`;
  });
  // Header rows in <thead>, repeated by the browser when a table runs over a page break.
  const head = trs.slice(0, grid.headerRows);
  const body = trs.slice(grid.headerRows);
  const label = name.labelledBy ? ` aria-labelledby="${name.labelledBy}"` : '';
  const caption = name.caption ? `<caption>${escapeHtml(name.caption)}</caption>` : '';
  // The box scrolls on a narrow screen: focusable, so that a keyboard can scroll it, and named as its table.
  const region = name.caption
    ? ` aria-label="${escapeHtml(name.caption)}"`
    : name.labelledBy
      ? ` aria-labelledby="${name.labelledBy}"`
      : '';
  return `<div class="table-scroll" role="region" tabindex="0"${region}><table class="national national-${grid.table}"${label}>${caption}<colgroup>${cols}</colgroup>${
    head.length ? `<thead>\n${head.join('\n')}\n</thead>` : ''
  }<tbody>
${body.join('\n')}
</tbody></table></div>`;
}
