/**
 * The parts of a site page that are pure: the report's stylesheet scoped to its box (postcss), and the
 * page's Content-Security-Policy computed from the page (its own styles by hash, no script).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pageCsp } from '../../functions/site/headers.ts';
import { embeddedReport, scopeCss } from '../../functions/site/report-body.ts';
import { renderHtml } from '../../shared/render/html.ts';
import { huaian2024Statistics, nationalModel } from '../support/render-fixtures.ts';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('scopeCss', () => {
  it('puts every rule inside the report box, body and html become the box, @page goes', () => {
    // Act
    const css = scopeCss(
      '@page { size: A4; } * { box-sizing: border-box; } html { color: red; } body { font-size: 16pt; } ' +
        'h1, .report p { margin: 0; } @media screen and (max-width: 600px) { body { font-size: 14pt; } td.value { white-space: nowrap; } }',
    );
    // Assert
    expect(css).not.toContain('@page');
    expect(css).toContain('.report-box * {');
    expect(css).toContain('.report-box { color: red; }');
    expect(css).toContain('.report-box { font-size: 16pt; }');
    expect(css).toContain('.report-box h1, .report-box .report p {');
    expect(css).toContain(
      '@media screen and (max-width: 600px) { .report-box { font-size: 14pt; } .report-box td.value {',
    );
  });
});

describe('embeddedReport', () => {
  it("takes the rendered report's main content and its scoped stylesheet", () => {
    // Arrange
    const html = renderHtml(nationalModel(huaian2024Statistics(), '淮安市人民政府'));
    // Act
    const embedded = embeddedReport(html);
    // Assert
    expect(embedded?.mainClass).toBe('report');
    expect(embedded?.content).toContain('<h1>');
    expect(embedded?.content).not.toContain('<main');
    expect(embedded?.css).toMatch(/^\s*\.report-box \* \{/m);
    expect(embedded?.css).not.toMatch(/^\s*body\s*\{/m);
    expect(embeddedReport('<p>no main</p>')).toBeUndefined();
  });
});

describe('pageCsp', () => {
  it("allows exactly the page's style blocks and style attributes by hash, and no script", () => {
    // Act
    const csp = pageCsp('<style>p{color:red}</style><col style="width:12.50%"><p style="x&amp;y">');
    const plain = pageCsp('<p>no style</p>');
    // Assert
    expect(csp).toContain(
      `style-src 'unsafe-hashes' ${hash('p{color:red}')} ${hash('width:12.50%')} ${hash('x&y')}`,
    );
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(plain).toContain("style-src 'none'");
  });
});
