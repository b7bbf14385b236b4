/** The public page of a published report: title, publication date and the download links (plain HTML). */
import { reportTitle } from '../../shared/domain/report/model.ts';
import type { PublicationRecord } from '../../shared/ports.ts';
import {
  DOWNLOAD_NAMES,
  type DownloadName,
  type Manifest,
} from '../../shared/use-cases/generate-manifest.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const LABELS: Record<DownloadName, string> = {
  'report.html': '年度报告（网页）',
  'report.docx': '年度报告（Word）',
  'report.xlsx': '统计表（Excel）',
  'findings.html': '数据校验结果（网页）',
  'statistics.json': '统计数据（JSON）',
  'manifest.json': '文件清单及校验值（JSON）',
};

const page = (title: string, body: string) =>
  `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;max-width:44em;margin:2em auto;padding:0 1em;line-height:1.6}` +
  `td,th{padding:.3em .8em;text-align:left;border-bottom:1px solid #ddd}code{font-size:.85em;word-break:break-all}</style></head>` +
  `<body>${body}</body></html>\n`;

export function publicReportPage(manifest: Manifest, publication: PublicationRecord): string {
  const title = reportTitle(manifest.agencyName, manifest.year);
  const base = `/v1/agencies/${encodeURIComponent(manifest.agencyId)}/reports/${manifest.year}/versions/${manifest.version}`;
  const sha = new Map(manifest.artifacts.map((a) => [a.name as DownloadName, a]));
  const rows = DOWNLOAD_NAMES.map((name) => {
    const artifact = sha.get(name);
    const size = artifact ? `${Math.max(1, Math.round(artifact.size / 1024))} KB` : '';
    const digest = artifact ? `<code>sha256 ${artifact.sha256}</code>` : '';
    return `<tr><td><a href="${base}/${name}">${escapeHtml(LABELS[name])}</a></td><td>${size}</td><td>${digest}</td></tr>`;
  }).join('');
  const published = publication.publishedAt.slice(0, 10);
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><p>发布日期：${published}（第${manifest.version}版）</p>` +
      `<table><thead><tr><th>文件</th><th>大小</th><th>校验值</th></tr></thead><tbody>${rows}</tbody></table>` +
      `<p>下载链接为临时签名链接，每次点击时生成。</p>`,
  );
}

export function notPublishedPage(agencyId: string, year: number): string {
  return page(
    '未发布',
    `<h1>未找到已发布的年度报告</h1><p>${escapeHtml(agencyId)} 的 ${year} 年政府信息公开工作年度报告尚未发布。</p>`,
  );
}
