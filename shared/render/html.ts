/**
 * The report as one self-contained HTML page: inline CSS, the national tables with the format's
 * rowspan/colspan merges, charts as inline SVG, a CJK font stack, A4 print styles.
 */
import {
  DRAFT_MARK,
  type GridCell,
  type ReportModel,
  type ReportSection,
  type TableGrid,
} from '../domain/report/index.ts';
import { chartSvg, reportCharts } from './charts.ts';
import { CSS_SANS_STACK, CSS_SERIF_STACK, PAGE_COLUMN_WEIGHTS } from './style.ts';

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

const CSS = `
@page { size: A4; margin: 22mm 18mm 20mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #f3f3f3; color: #111; font-family: ${CSS_SERIF_STACK}; font-size: 16px; line-height: 1.8; }
.report { max-width: 210mm; margin: 24px auto; padding: 20mm 18mm; background: #fff; position: relative; }
h1 { font-family: ${CSS_SANS_STACK}; font-size: 22px; text-align: center; line-height: 1.5; margin: 0 0 1.2em; }
h2 { font-family: ${CSS_SANS_STACK}; font-size: 17px; margin: 1.6em 0 0.6em; }
p { margin: 0 0 0.6em; text-indent: 2em; text-align: justify; }
p.placeholder { color: #777; }
.draft-banner { border: 2px solid #c00000; color: #c00000; font-family: ${CSS_SANS_STACK}; font-weight: bold;
  text-align: center; padding: 6px; margin-bottom: 1em; letter-spacing: 0.1em; }
.watermark { position: fixed; top: 45%; left: 0; right: 0; text-align: center; font-size: 140px; font-family: ${CSS_SANS_STACK};
  color: rgba(192, 0, 0, 0.10); transform: rotate(-30deg); pointer-events: none; z-index: 10; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; table-layout: fixed; font-size: 12px; line-height: 1.45; }
th, td { border: 1px solid #000; padding: 3px 4px; text-align: center; vertical-align: middle; word-break: break-all; }
th { font-weight: bold; }
th.label { text-align: left; font-weight: normal; }
th.group { text-align: center; font-weight: normal; }
td.value { font-family: 'Times New Roman', serif; white-space: nowrap; }
table.national-reviews { font-size: 11px; }
table.national { break-inside: avoid; page-break-inside: avoid; }
tr { page-break-inside: avoid; break-inside: avoid; }
table.findings td { text-align: left; }
table.findings td.error { color: #c00000; font-weight: bold; }
figure { margin: 0.8em 0; text-align: center; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
@media print {
  body { background: #fff; }
  .report { margin: 0; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
}
`;

/** Renders the report model as an HTML document. */
export function renderHtml(model: ReportModel, opts: HtmlOptions = {}): string {
  const charts = opts.charts === false ? [] : reportCharts(model);
  const body: string[] = [];
  if (model.draft) {
    body.push(`<div class="watermark" aria-hidden="true">${DRAFT_MARK}</div>`);
    body.push(
      `<div class="draft-banner">${DRAFT_MARK}${
        model.draftReason === 'errors'
          ? '：数据存在校验错误（见文末“校验发现”），不得发布'
          : '：未经审核，不得发布'
      }</div>`,
    );
  }
  body.push(`<h1>${escapeHtml(model.title)}${model.draft ? `（${DRAFT_MARK}）` : ''}</h1>`);
  body.push(`<p class="preamble">${escapeHtml(model.preamble)}</p>`);
  for (const section of model.sections) {
    body.push(sectionHtml(section, section.id === 's3' ? charts : []));
  }
  if (model.findings.length > 0) body.push(findingsHtml(model));
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Gongkai">
<title>${escapeHtml(model.title)}${model.draft ? `（${DRAFT_MARK}）` : ''}</title>
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

function sectionHtml(section: ReportSection, charts: ReturnType<typeof reportCharts>): string {
  const headingId = `${section.id}-heading`;
  const out = [`<section id="${section.id}">`, `<h2 id="${headingId}">${escapeHtml(section.heading)}</h2>`];
  // The agency's text, the table, then the sentences that read the table out.
  for (const p of section.paragraphs) out.push(`<p>${escapeHtml(p)}</p>`);
  if (section.table) out.push(tableHtml(section.table, headingId));
  for (const s of section.sentences) out.push(`<p class="generated">${escapeHtml(s.text)}</p>`);
  if (section.placeholder) out.push(`<p class="placeholder">${escapeHtml(section.placeholder)}</p>`);
  for (const chart of charts) {
    out.push(`<figure class="chart" id="chart-${chart.id}">${stripXmlProlog(chartSvg(chart))}</figure>`);
  }
  out.push('</section>');
  return out.join('\n');
}

function stripXmlProlog(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/u, '');
}

/**
 * A national table: one <tr> per grid row, cells in column order, covered cells left out. Column headers
 * and row labels are <th> with their scope, so that a screen reader names a figure by its row and column;
 * `labelledBy` is the id of the heading that names the table.
 */
export function tableHtml(grid: TableGrid, labelledBy?: string): string {
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
  const label = labelledBy ? ` aria-labelledby="${labelledBy}"` : '';
  return `<table class="national national-${grid.table}"${label}><colgroup>${cols}</colgroup>${
    head.length ? `<thead>\n${head.join('\n')}\n</thead>` : ''
  }<tbody>
${body.join('\n')}
</tbody></table>`;
}

function findingsHtml(model: ReportModel): string {
  const rows = model.findings.map(
    (f) =>
      `<tr><td>${escapeHtml(f.ruleId)}</td><td class="${f.severity}">${escapeHtml(f.severityLabel)}</td>` +
      `<td>${escapeHtml(f.message)}</td><td>${f.cellLabels.map(escapeHtml).join('<br>')}</td></tr>`,
  );
  return `<section id="findings">
<h2>附：校验发现</h2>
<table class="findings"><colgroup><col style="width:20%"><col style="width:9%"><col style="width:36%"><col style="width:35%"></colgroup>
<thead><tr><th>规则</th><th>严重程度</th><th>说明</th><th>涉及单元格</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
</section>`;
}
