/**
 * The published report.html inside a page of the site: its `<main>` content as is (the report exactly as
 * generated: sections, tables, charts), and its stylesheet scoped to the box that holds it, so that the
 * report keeps its look (仿宋, its tables) and the page keeps its own. The CSS is parsed (postcss), not
 * pattern-matched: `body`/`html`/`:root` become the box, every other selector is prefixed with it, and
 * `@page` (print only) is dropped.
 */
import postcss, { type Rule } from 'postcss';

export const REPORT_BOX_CLASS = 'report-box';
const SCOPE = `.${REPORT_BOX_CLASS}`;

export interface EmbeddedReport {
  /** The content of the report's <main> (its own markup, already escaped by the renderer). */
  readonly content: string;
  /** The report's attributes of <main> worth keeping (its class names: `report`, `draft`). */
  readonly mainClass: string;
  /** The report's stylesheet, scoped to `.report-box`. */
  readonly css: string;
}

function scopeSelector(selector: string): string {
  const trimmed = selector.trim();
  if (/^(html|:root|body)$/i.test(trimmed)) return SCOPE;
  if (/^(html|body)\s+/i.test(trimmed)) return `${SCOPE} ${trimmed.replace(/^(html|body)\s+/i, '')}`;
  return `${SCOPE} ${trimmed}`;
}

/** The stylesheet with every rule inside the box. */
export function scopeCss(css: string): string {
  const root = postcss.parse(css);
  root.walkAtRules('page', (rule) => {
    rule.remove();
  });
  root.walkRules((rule: Rule) => {
    // Keyframe steps (`from`, `50%`) are not selectors.
    if (rule.parent?.type === 'atrule' && /keyframes$/i.test((rule.parent as { name: string }).name)) return;
    rule.selectors = rule.selectors.map(scopeSelector);
  });
  return root.toString();
}

/** The report's <main> and stylesheet, or undefined when the page is not one the renderer wrote. */
export function embeddedReport(html: string): EmbeddedReport | undefined {
  const main = /<main\b([^>]*)>([\s\S]*)<\/main>/i.exec(html);
  if (!main) return undefined;
  const classes = /\bclass="([^"]*)"/.exec(main[1] ?? '')?.[1] ?? '';
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? '').join('\n');
  return { content: main[2] ?? '', mainClass: classes, css: scopeCss(styles) };
}
