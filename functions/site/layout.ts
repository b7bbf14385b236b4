/**
 * The frame of every page of the public site: Chinese (`lang="zh-CN"`), server-rendered, no script, one
 * stylesheet in the page (allowed by its hash, headers.ts), readable from a 375 px phone up: nothing is
 * wider than the screen but a table's own scrolling box.
 */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export const SITE_NAME = '政府信息公开工作年度报告';

const SITE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body.site{margin:0;background:#f5f5f2;color:#1a1a1a;font-family:"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;font-size:16px;line-height:1.7}
.site-header{background:#8f1d21;color:#fff}
.site-header .inner,.site-main,.site-footer{max-width:62rem;margin:0 auto;padding:0 1rem}
.site-header .inner{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem 1.5rem;padding-top:.8rem;padding-bottom:.8rem}
.site-header a{color:#fff;text-decoration:none;font-size:1.15rem;font-weight:bold}
.site-header a:focus-visible,.site-main a:focus-visible{outline:3px solid #f2b705;outline-offset:2px}
.site-header .tagline{font-size:.9rem;opacity:.92}
.site-main{padding-top:1.2rem;padding-bottom:2rem}
.site-main h1{font-size:1.5rem;line-height:1.4;margin:.3rem 0 1rem}
.site-main h2{font-size:1.2rem;margin:1.8rem 0 .6rem;padding-bottom:.3rem;border-bottom:2px solid #d9d4c7}
.site-main h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.site-main a{color:#0b4f9c}
.site-main a:visited{color:#5a2d8c}
.site-main p{margin:.4rem 0}
.panel{background:#fff;border:1px solid #e0ddd3;border-radius:6px;padding:1rem;margin:1rem 0}
.muted{color:#555;font-size:.92rem}
.site-breadcrumb{font-size:.92rem;margin:0 0 .5rem}
.site-breadcrumb ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem}
.site-breadcrumb li+li::before{content:"›";margin:0 .35rem;color:#777}
.scroll-box{overflow-x:auto;max-width:100%;-webkit-overflow-scrolling:touch}
table.data{border-collapse:collapse;width:100%;background:#fff;font-size:.95rem}
table.data caption{text-align:left;font-weight:bold;padding:.3rem 0}
table.data th,table.data td{border:1px solid #d9d4c7;padding:.35rem .6rem;text-align:left;vertical-align:top}
table.data thead th{background:#f0ede4}
table.data td.num,table.data th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code.digest{font-size:.8rem;word-break:break-all;color:#333}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0 1rem}
form.search label{font-weight:bold}
form.search input{flex:1 1 12rem;min-width:0;font:inherit;padding:.4rem .6rem;border:1px solid #8c8c8c;border-radius:4px}
form.search button,form.search .reset{font:inherit;padding:.4rem 1rem;border:1px solid #8f1d21;background:#8f1d21;color:#fff;border-radius:4px;cursor:pointer;text-decoration:none}
form.search .reset{background:#fff;color:#8f1d21}
ul.reports{list-style:none;margin:0;padding:0}
ul.reports li{padding:.45rem 0;border-bottom:1px solid #ece9df;display:flex;flex-wrap:wrap;gap:.2rem 1rem;justify-content:space-between}
.notice{border-left:4px solid #b35c00;background:#fff7ec;padding:.6rem .9rem;margin:1rem 0}
.site-footer{color:#555;font-size:.85rem;padding-bottom:2rem}
.badge{display:inline-block;font-size:.8rem;padding:0 .45rem;border-radius:3px;background:#1e6b3a;color:#fff;white-space:nowrap}
.badge.old{background:#6b6b6b}
ol.history{margin:0}
ol.history li{margin:.2rem 0 .8rem}
ol.history a{margin-right:.2rem}
table.data .sub{display:block;font-size:.78rem;color:#555}
table.data thead th.num{white-space:normal}
table.data.compare{min-width:34rem}
table.data.compare tbody th{min-width:9em}
.panel>h2:first-child{margin-top:0}
.report-meta .item{display:inline-block;margin-right:1.2rem;white-space:nowrap}
ol.history{list-style:none;padding-left:0}
ol.history a{white-space:nowrap}
nav.years ul{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0 1rem;padding:0}
nav.years a,nav.years span{display:inline-block;padding:.15rem .7rem;border:1px solid #8f1d21;border-radius:4px;text-decoration:none}
nav.years span{background:#8f1d21;color:#fff}
dl.method dt{font-weight:bold;margin-top:.6rem}
dl.method dd{margin:.1rem 0 0 0}
.report-meta p{margin:.3rem 0}
article.report-box{display:block;margin:1rem -1rem;padding:1px 0}
@media (min-width:40rem){article.report-box{margin:1rem 0;border-radius:6px}}
`;

export interface PageInput {
  readonly title: string;
  /** The page's own main content (already escaped HTML). */
  readonly main: string;
  /** More stylesheet for this page (e.g. the report's, scoped to its box). */
  readonly extraCss?: string;
}

export function sitePage(input: PageInput): string {
  const css = input.extraCss ? `${SITE_CSS}${input.extraCss}` : SITE_CSS;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)} · ${SITE_NAME}</title>
<style>${css}</style>
</head>
<body class="site">
<header class="site-header"><div class="inner"><a href="/">${SITE_NAME}</a><span class="tagline">政府信息公开 · 数据由事件记录计算</span></div></header>
<main class="site-main" id="main">
${input.main}
</main>
<footer class="site-footer"><p>本站依据《中华人民共和国政府信息公开条例》公开各机关已发布的年度报告。报告文件附有 SHA-256 校验值，可核对下载内容是否完整。</p></footer>
</body>
</html>
`;
}

/** A page that says what went wrong, in Chinese (404 and the like). */
export function messagePage(title: string, message: string): string {
  return sitePage({
    title,
    main: `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">返回年度报告目录</a></p>`,
  });
}
