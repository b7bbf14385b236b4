import { chromium } from 'playwright-core';
const [base, path, tag, w, h, ...ys] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
await page.goto(base + path);
for (const y of ys) {
  const top = y === 'end' ? await page.evaluate(() => document.documentElement.scrollHeight) - Number(h) : Number(y);
  await page.evaluate((t) => window.scrollTo(0, t), top);
  await page.screenshot({ path: `/tmp/site-shots/view-${tag}-${y}.png` });
}
console.log(await page.evaluate(() => document.documentElement.scrollHeight));
await browser.close();
