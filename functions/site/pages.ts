/**
 * The pages of the public site, from what shared/use-cases/public-site.ts read: the index of published
 * reports (grouped by parent agency, searchable without script), one report (the report itself, its files
 * with size and sha256, its versions and 更正说明), and a parent agency's children compared.
 */
import { chineseDate, reportTitle } from '../../shared/domain/report/model.ts';
import { versionPath } from '../../shared/use-cases/download.ts';
import type { DownloadName } from '../../shared/use-cases/generate-manifest.ts';
import type {
  ComparedFigures,
  ParentComparison,
  PublicReport,
  PublishedIndex,
  PublishedVersion,
} from '../../shared/use-cases/public-site.ts';
import { escapeHtml as e, SITE_NAME, sitePage } from './layout.ts';
import { embeddedReport, REPORT_BOX_CLASS } from './report-body.ts';

/** An instant as its day in China (Asia/Shanghai, UTC+8 all year): `2020年1月15日`. */
export function chinaDay(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000);
  return chineseDate(shifted.toISOString().slice(0, 10));
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

const reportPath = (agencyId: string, year: number) => `/reports/${encodeURIComponent(agencyId)}/${year}`;
const agencyPath = (agencyId: string) => `/agencies/${encodeURIComponent(agencyId)}`;

function breadcrumb(items: readonly { label: string; href?: string }[]): string {
  const lis = items.map((item) =>
    item.href
      ? `<li><a href="${e(item.href)}">${e(item.label)}</a></li>`
      : `<li aria-current="page">${e(item.label)}</li>`,
  );
  return `<nav class="site-breadcrumb" aria-label="当前位置"><ol>${lis.join('')}</ol></nav>`;
}

// ── GET / ──────────────────────────────────────────────────────────────────────────────────────────────

export function indexPage(index: PublishedIndex): string {
  const searched = index.query !== '';
  const form =
    `<form class="search" method="get" action="/" role="search">` +
    `<label for="q">按机关名称查找</label>` +
    `<input id="q" name="q" type="search" value="${e(index.query)}" placeholder="例如：公安局" autocomplete="off">` +
    `<button type="submit">查找</button>${searched ? '<a class="reset" href="/">显示全部</a>' : ''}</form>`;
  const count = searched
    ? `<p class="muted" role="status">查找“${e(index.query)}”：共找到 ${index.matched} 份报告（全部已发布 ${index.total} 份）。</p>`
    : `<p class="muted">已发布的年度报告共 ${index.total} 份，按上级机关分组。</p>`;
  const groups = index.groups.map((group) => {
    const items = group.entries.map((entry) => {
      const { publication } = entry;
      const corrected = entry.currentVersion !== publication.version;
      const title = reportTitle(entry.agency.name, publication.year);
      return (
        `<li><a href="${reportPath(entry.agency.id, publication.year)}">${e(title)}</a>` +
        `<span class="muted">${chinaDay(publication.publishedAt)}发布${corrected ? '，已更正' : ''}</span></li>`
      );
    });
    const compare = group.hasChildren
      ? `<p><a href="${agencyPath(group.head.id)}">${e(group.head.name)}下级机关数据对比</a></p>`
      : '';
    return (
      `<section class="panel" aria-labelledby="group-${e(group.head.id)}">` +
      `<h2 id="group-${e(group.head.id)}">${e(group.head.name)}</h2>${compare}` +
      `<ul class="reports">${items.join('')}</ul></section>`
    );
  });
  const empty = searched
    ? '<p>没有找到名称相符的机关的已发布报告。</p>'
    : '<p>目前还没有已发布的年度报告。</p>';
  return sitePage({
    title: searched ? `查找“${index.query}”` : '年度报告目录',
    main: `<h1>${SITE_NAME}</h1>${form}${count}${groups.length > 0 ? groups.join('') : empty}`,
  });
}

// ── GET /reports/{id}/{year} ───────────────────────────────────────────────────────────────────────────

/** The files offered for download, in this order (the report's html is on the page itself). */
const DOWNLOADS: readonly { name: DownloadName; label: string }[] = [
  { name: 'report.docx', label: '年度报告（Word）' },
  { name: 'report.xlsx', label: '统计表（Excel）' },
  { name: 'statistics.json', label: '统计数据（JSON）' },
  { name: 'report.html', label: '年度报告（网页）' },
  { name: 'manifest.json', label: '文件清单及校验值（JSON）' },
];

function filesOf(version: PublishedVersion) {
  const byName = new Map<DownloadName, { size: number; sha256: string }>(
    version.manifest.artifacts.map((a) => [a.name, { size: a.size, sha256: a.sha256 }]),
  );
  byName.set('manifest.json', version.manifestFile);
  return DOWNLOADS.flatMap(({ name, label }) => {
    const file = byName.get(name);
    return file ? [{ name, label, ...file }] : [];
  });
}

const downloadHref = (report: PublicReport, version: number, name: DownloadName) =>
  `${versionPath(report.publication.agencyId, report.publication.year, version)}/${name}`;

function downloadsTable(report: PublicReport): string {
  const rows = filesOf(report.current).map(
    (file) =>
      `<tr><th scope="row"><a href="${e(downloadHref(report, report.current.version, file.name))}">${e(file.label)}</a></th>` +
      `<td class="num">${fileSize(file.size)}</td><td><code class="digest">${file.sha256}</code></td></tr>`,
  );
  return (
    `<section aria-labelledby="site-downloads"><h2 id="site-downloads">下载</h2>` +
    `<div class="scroll-box"><table class="data"><caption>第${report.current.version}版的文件</caption>` +
    `<thead><tr><th scope="col">文件</th><th scope="col" class="num">大小</th><th scope="col">SHA-256 校验值</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>` +
    `<p class="muted">下载链接为临时签名链接，每次点击时生成。可用 SHA-256 校验值核对下载的文件是否完整、未被改动。</p></section>`
  );
}

function historySection(report: PublicReport): string {
  const items = [...report.versions].reverse().map((version) => {
    const isCurrent = version.version === report.current.version;
    const what = version.correction
      ? `第${version.version}版（更正第${version.correction.corrects}版）`
      : `第${version.version}版（首次发布）`;
    const reason = version.correction
      ? `<p><strong>更正说明：</strong>${e(version.correction.reason)}</p>`
      : '';
    const links = filesOf(version)
      .filter((file) => file.name !== 'report.html')
      .map((file) => `<a href="${e(downloadHref(report, version.version, file.name))}">${e(file.label)}</a>`)
      .join('　');
    return (
      `<li><p><strong>${what}</strong> ${chinaDay(version.publishedAt)}发布${isCurrent ? '　<span class="badge">现行版本</span>' : '　<span class="badge old">已被更正</span>'}</p>` +
      `${reason}<p class="muted">下载：${links}</p></li>`
    );
  });
  return (
    `<section aria-labelledby="site-history"><h2 id="site-history">版本记录</h2>` +
    `<ol class="history">${items.join('')}</ol></section>`
  );
}

function correctionNotice(report: PublicReport): string {
  const correction = report.current.correction;
  if (!correction) return '';
  return (
    `<div class="notice" role="note"><p><strong>更正说明</strong>（${chinaDay(report.current.publishedAt)}）：${e(correction.reason)}</p>` +
    `<p>本报告于${chinaDay(report.publication.publishedAt)}首次发布，第${correction.corrects}版已由第${report.current.version}版更正；` +
    `更正前的版本见<a href="#site-history">版本记录</a>。</p></div>`
  );
}

export function reportPage(report: PublicReport): string {
  const { publication } = report;
  const name = report.agency?.name ?? report.current.manifest.agencyName;
  const title = reportTitle(name, publication.year);
  const trail = [
    { label: '年度报告目录', href: '/' },
    ...(report.parent ? [{ label: report.parent.name, href: agencyPath(report.parent.id) }] : []),
    { label: `${name} ${publication.year}年` },
  ];
  const embedded = report.reportHtml ? embeddedReport(report.reportHtml) : undefined;
  const meta =
    `<div class="panel report-meta"><p><span class="item">发布机关：${e(name)}</span><span class="item">发布日期：${chinaDay(publication.publishedAt)}</span>` +
    `<span class="item">现行版本：第${report.current.version}版${report.current.correction ? `（${chinaDay(report.current.publishedAt)}更正）` : ''}</span></p>` +
    `${correctionNotice(report)}<p><a href="#site-downloads">下载报告文件</a>　<a href="#site-history">版本记录</a></p></div>`;
  const body = embedded
    ? `<article class="${REPORT_BOX_CLASS}" aria-label="报告全文"><div class="${e(embedded.mainClass)}">${embedded.content}</div></article>`
    : `<h1>${e(title)}</h1><p>报告网页暂时无法显示，请下载 Word 或 Excel 文件阅读。</p>`;
  return sitePage({
    title,
    main: `${breadcrumb(trail)}${meta}${body}${downloadsTable(report)}${historySection(report)}`,
    ...(embedded ? { extraCss: embedded.css } : {}),
  });
}

// ── GET /agencies/{id} ─────────────────────────────────────────────────────────────────────────────────

function figuresCells(figures: ComparedFigures): string {
  const reviews = figures.reconsiderationCorrected + figures.litigationCorrected;
  return (
    `<td class="num">${figures.received}</td>` +
    `<td class="num">${percent(figures.shareOnTime)}</td>` +
    `<td class="num">${percent(figures.otherShare)}<span class="sub">${figures.other}/${figures.decided}</span></td>` +
    `<td class="num">${reviews}<span class="sub">复议${figures.reconsiderationCorrected}，诉讼${figures.litigationCorrected}</span></td>`
  );
}

export function agencyPage(comparison: ParentComparison): string {
  const { agency, year } = comparison;
  const trail = [{ label: '年度报告目录', href: '/' }, { label: agency.name }];
  const heading = `<h1>${e(agency.name)}：下级机关年度报告对比</h1>`;
  if (comparison.children.length === 0) {
    return sitePage({
      title: agency.name,
      main: `${breadcrumb(trail)}${heading}<p>该机关没有登记下级机关，无可对比的数据。</p><p><a href="/?q=${encodeURIComponent(agency.name)}">查看该机关已发布的报告</a></p>`,
    });
  }
  if (year === undefined) {
    return sitePage({
      title: agency.name,
      main: `${breadcrumb(trail)}${heading}<p>下级机关（${comparison.children.length}个）尚未发布年度报告。</p>`,
    });
  }
  const years =
    comparison.years.length > 1 || !comparison.years.includes(year)
      ? `<nav class="years" aria-label="选择年度"><ul>${[...new Set([year, ...comparison.years])]
          .sort((a, b) => b - a)
          .map((y) =>
            y === year
              ? `<li><span aria-current="page">${y}年</span></li>`
              : `<li><a href="${agencyPath(agency.id)}?year=${y}">${y}年</a></li>`,
          )
          .join('')}</ul></nav>`
      : '';
  const rows = comparison.rows.map((row) => {
    const name = `<th scope="row">${e(row.agency.name)}</th>`;
    if (!row.published) return `<tr>${name}<td colspan="4" class="muted">尚未发布${year}年报告</td></tr>`;
    const link = `<th scope="row"><a href="${reportPath(row.agency.id, year)}">${e(row.agency.name)}</a></th>`;
    if (!row.published.figures)
      return `<tr>${link}<td colspan="4" class="muted">统计数据暂时无法读取</td></tr>`;
    return `<tr>${link}${figuresCells(row.published.figures)}</tr>`;
  });
  const published = comparison.rows.filter((r) => r.published).length;
  const own = comparison.own
    ? `<p><a href="${reportPath(agency.id, year)}">${e(reportTitle(agency.name, year))}</a>（本机关）</p>`
    : '';
  const table =
    `<div class="scroll-box"><table class="data compare"><caption>${year}年 下级机关（已发布 ${published}/${comparison.rows.length}）</caption>` +
    `<thead><tr><th scope="col">机关</th><th scope="col" class="num">收到申请（件）</th><th scope="col" class="num">按时答复率</th>` +
    `<th scope="col" class="num">其他处理占比</th><th scope="col" class="num">复议、诉讼纠错（件）</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>`;
  const method =
    `<section aria-labelledby="site-method"><h2 id="site-method">数据来源与计算方法</h2><dl class="method">` +
    `<dt>数据来源</dt><dd>各机关已发布年度报告的现行版本（更正后以更正版本为准）所附统计数据（statistics.json）及文件清单（manifest.json）。</dd>` +
    `<dt>收到申请</dt><dd>“收到和处理政府信息公开申请情况”表中“本年新收政府信息公开申请数量”的总计。</dd>` +
    `<dt>按时答复率</dt><dd>本年作出答复的申请中，在法定期限内（按工作日计算，含依法延长的期限）答复的件数 ÷ 本年答复总件数，即报告正文所述的按时答复比例；未记录该项的版本显示“—”。</dd>` +
    `<dt>其他处理占比</dt><dd>同表“其他处理”各行之和 ÷ 办理结果“总计”（小字为件数）；无办理结果时显示“—”。</dd>` +
    `<dt>复议、诉讼纠错</dt><dd>“政府信息公开行政复议、行政诉讼情况”表中行政复议“结果纠正”与行政诉讼（未经复议直接起诉、复议后起诉）“结果纠正”之和（小字分列）。</dd></dl></section>`;
  return sitePage({
    title: `${agency.name} ${year}年下级机关对比`,
    main: `${breadcrumb(trail)}${heading}${years}${own}${table}${method}`,
  });
}
