/**
 * The officer console's files, served by the site function through the real local gateway: index.html
 * revalidated every time, fingerprinted assets cached for a year, the right types, the security headers,
 * and a 404 (never a file outside the folder) for anything else.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltConsole, buildConsole } from '../../scripts/build-console.ts';
import { type TestGongkai, testGongkai } from './support.ts';

let gk: TestGongkai;
let built: BuiltConsole;
const folder = mkdtempSync(join(tmpdir(), 'gongkai-console-'));

beforeAll(async () => {
  built = await buildConsole(join(folder, 'console'));
  // A secret beside the console and a link to it inside: neither may be served.
  writeFileSync(join(folder, 'secret.js'), 'secret');
  symlinkSync(join(folder, 'secret.js'), join(built.outDir, 'assets', 'linked.js'));
  gk = await testGongkai({ app: { consoleDir: built.outDir } });
});
afterAll(async () => {
  await gk?.close();
  rmSync(folder, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${gk.gateway.url}${path}`);

function expectSecurityHeaders(response: Response) {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
}

describe('GET /console', () => {
  it('serves the built index.html, revalidated on every load, with its script allowed by the policy', async () => {
    // Act
    const response = await get('/console');
    const html = await response.text();
    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(html).toContain('<html lang="zh-CN">');
    const script = built.assets.find((a) => a.endsWith('.js'))!;
    expect(html).toContain(`src="/console/${script}"`);
    expectSecurityHeaders(response);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('GET /{path+}: what no other route takes', () => {
  it('sends /console/ to the console, answers a page in Chinese elsewhere and the JSON error model under /v1/', async () => {
    // Act
    const slash = await fetch(`${gk.gateway.url}/console/`, { redirect: 'manual' });
    const followed = await get('/console/');
    const page = await get('/no/such/page');
    const api = await get('/v1/no-such-route');
    // Assert
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/console');
    expectSecurityHeaders(slash);
    expect(followed.status).toBe(200);
    expect(await followed.text()).toContain('<html lang="zh-CN">');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('页面不存在');
    expectSecurityHeaders(page);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({
      error: { status: 404, code: 'not_found', message: 'no route GET /v1/no-such-route' },
    });
  });
});

describe('GET /console/assets/{file}', () => {
  it('serves a fingerprinted asset as JavaScript, immutable for a year', async () => {
    // Arrange
    const script = built.assets.find((a) => a.endsWith('.js'))!;
    // Act
    const response = await get(`/console/${script}`);
    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(response);
    expect((await response.text()).length).toBeGreaterThan(0);
  });

  it('answers 404 in Chinese for a missing file, another type, a dot-file, a link out or a way up', async () => {
    for (const path of [
      '/console/assets/main-NOTTHERE.js',
      '/console/assets/index.html',
      '/console/assets/.hidden.js',
      '/console/assets/linked.js',
      '/console/assets/..%2F..%2Fsecret.js',
      '/console/assets/..%2Findex.html',
    ]) {
      // Act
      const response = await get(path);
      const body = await response.text();
      // Assert
      expect(response.status, path).toBe(404);
      expect(body, path).not.toContain('secret');
      expect(body, path).toContain('lang="zh-CN"');
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expectSecurityHeaders(response);
    }
  });
});
