import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: 390, height: 844 } });
await p.goto('http://127.0.0.1:4185/');
await p.waitForFunction(() => globalThis.__aidSession?.status === 'ready', undefined, { timeout: 300000 });
for (const path of ['/', '/coverage', '/funds', '/setaside', '/drill', '/drill?county=%E5%B9%B3%E6%B1%9F%E5%8E%BF&school=4306071004', '/import', '/reports', '/settings', '/inspect']) {
  await p.evaluate((href) => { const a = document.createElement('a'); a.href = href; document.body.appendChild(a); a.click(); a.remove(); }, path);
  await p.waitForTimeout(4000);
  const over = await p.evaluate(() => {
    const doc = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1)
      .filter((e) => !e.closest('.table-scroll'))
      .slice(0, 6)
      .map((e) => `${e.tagName}.${String(e.className).slice(0,40)} ${Math.round(e.getBoundingClientRect().right)}`);
    return { scroll: doc.scrollWidth, client: doc.clientWidth, wide };
  });
  console.log(path, JSON.stringify(over));
  const name = path.replace(/[^a-z]/g, '') || 'overview';
  await p.screenshot({ path: `/tmp/honest-phone-${name}.png`, fullPage: true });
}
await b.close();
