/**
 * The headers every answer of the site function carries: a Content-Security-Policy that allows no inline
 * script and no framing, HSTS, nosniff, a referrer policy, and the caching each kind of answer wants. The
 * function sets them itself (no CloudFront response-headers policy in front): the same headers locally
 * and on AWS, tested in Chromium.
 */
import { createHash } from 'node:crypto';

/** Caching: a page reflects a publication at once; fingerprinted assets never change under their name. */
export const CACHE = {
  /** Revalidate every time (the console's index.html names the current assets). */
  revalidate: 'no-cache',
  /** Public pages: shared caches may keep them a minute (a publication shows within a minute behind a CDN). */
  page: 'public, max-age=60',
  /** A fingerprinted asset: its name changes with its content. */
  immutable: 'public, max-age=31536000, immutable',
  /** Errors are not cached. */
  none: 'no-store',
} as const;

const COMMON_DIRECTIVES = [
  "default-src 'none'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
];

/**
 * The console's policy: its own scripts, styles, images and fonts, and fetches to this origin (the API)
 * only. No inline script or style.
 */
export const CONSOLE_CSP = [
  ...COMMON_DIRECTIVES,
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
].join('; ');

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const decodeAttribute = (value: string) =>
  value.replace(/&(amp|lt|gt|quot|#39);/g, (_m, name: string) => HTML_ENTITIES[name] ?? '');

/**
 * A server-rendered page's policy: no script at all; exactly the page's own `<style>` blocks and `style`
 * attributes (by hash: the report's tables size their columns with `style="width:…"`), images from this
 * origin or inline (data:). Computed from the page as sent, so a style that was not ours cannot apply.
 */
export function pageCsp(html: string): string {
  const blocks = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
  const attributes = [...html.matchAll(/\sstyle="([^"]*)"/g)].map((m) => decodeAttribute(m[1] ?? ''));
  const hashes = [...new Set([...blocks, ...attributes].map(sha256))];
  const styles =
    hashes.length === 0 ? "'none'" : `${attributes.length > 0 ? "'unsafe-hashes' " : ''}${hashes.join(' ')}`;
  return [...COMMON_DIRECTIVES, `style-src ${styles}`, "img-src 'self' data:"].join('; ');
}

/** The headers of every answer, with its content type, caching and policy. */
export function siteHeaders(contentType: string, cacheControl: string, csp: string): Record<string, string> {
  return {
    'content-type': contentType,
    'cache-control': cacheControl,
    'content-security-policy': csp,
    // Two years, subdomains included: the site is HTTPS-only on AWS (API Gateway serves TLS only); browsers
    // ignore it over plain http (npm start on 127.0.0.1).
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // For browsers without CSP frame-ancestors.
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
}
