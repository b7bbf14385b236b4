/**
 * The findings of one report version as a page of their own (`findings.html` beside the report): the rules'
 * and the template's findings, errors first, each with its severity, its message and the cells it names in
 * words. The report's text never carries them; this page is for the officers who fix the figures.
 */
import type { ReportFinding, ReportModel } from '../domain/report/index.ts';
import { escapeHtml } from './html.ts';
import { CSS_HEI_STACK, CSS_SONG_STACK } from './style.ts';

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #f3f3f3; color: #111; font-family: ${CSS_SONG_STACK}; font-size: 16px; line-height: 1.7; }
main { max-width: 960px; margin: 24px auto; padding: 24px 28px; background: #fff; overflow-wrap: anywhere; }
h1 { font-family: ${CSS_HEI_STACK}; font-size: 22px; font-weight: normal; margin: 0 0 0.6em; }
.summary { margin: 0 0 1em; }
.draft { color: #c00000; }
ol { padding-left: 1.6em; }
li { margin: 0 0 1em; }
.cells li { margin: 0; }
.severity { display: inline-block; min-width: 3em; padding: 0 0.4em; margin-right: 0.5em; border-radius: 3px; color: #fff; text-align: center; font-family: ${CSS_HEI_STACK}; }
.error .severity { background: #c00000; }
.warning .severity { background: #9c6500; }
.cells { margin: 0.3em 0 0; padding-left: 1.2em; color: #333; }
code { font-size: 12px; color: #666; }
@media (max-width: 600px) { main { margin: 0; padding: 16px 14px; } }
`;

/** The findings page of a report model; the same model gives the same page. */
export function renderFindingsHtml(model: ReportModel): string {
  const title = `${model.agencyName}${model.year}年度报告校验结果`;
  const errors = model.findings.filter((f) => f.severity === 'error');
  const warnings = model.findings.filter((f) => f.severity === 'warning');
  const summary =
    model.findings.length === 0
      ? '<p class="summary">未发现问题。</p>'
      : `<p class="summary">共发现错误${errors.length}项、警告${warnings.length}项。${
          errors.length > 0 ? '<span class="draft">存在错误的报告为草稿，不得发布。</span>' : ''
        }</p>`;
  const list =
    model.findings.length === 0
      ? ''
      : `<ol class="findings">\n${[...errors, ...warnings].map(findingHtml).join('\n')}\n</ol>`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>报告：${escapeHtml(model.title)}（模板：${escapeHtml(model.template.name)}）</p>
${summary}
${list}
</main>
</body>
</html>
`;
}

function findingHtml(f: ReportFinding): string {
  const cells =
    f.cellLabels.length > 0
      ? `\n<ul class="cells">${f.cellLabels.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`
      : '';
  return `<li class="${f.severity}"><span class="severity">${escapeHtml(f.severityLabel)}</span>${escapeHtml(
    f.message,
  )} <code>${escapeHtml(f.ruleId)}</code>${cells}</li>`;
}
