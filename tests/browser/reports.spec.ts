/**
 * /reports in a real Chromium on the demo data: a 公示名单 is generated and downloaded, its text holds the
 * title and a student of that school, no ID number, and every request (fonts included) stayed on the
 * site's origin; pdfmake and the fonts are not fetched before the first PDF.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const OUT = 'test-results/reports';
mkdirSync(OUT, { recursive: true });

test('公示名单 from the demo data downloads as a PDF with the title and a student name', async ({
  page,
  context,
  baseURL
}) => {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()))
      cspErrors.push(m.text());
  });
  await page.goto('/reports');
  await page.waitForFunction(
    () => (globalThis as unknown as { __aidSession?: { status: string } }).__aidSession?.status === 'ready',
    undefined,
    { timeout: 90_000 }
  );
  await expect(page.getByTestId('report-generate')).toBeEnabled({ timeout: 30_000 });
  // Nothing of the PDF machinery is loaded before it is asked for.
  expect(urls.filter((u) => u.endsWith('.otf'))).toEqual([]);

  await page.getByRole('radio', { name: /公示名单/ }).check();
  const term = await page.getByTestId('report-term').inputValue();
  const school = await page.getByTestId('report-school').inputValue();
  const program = await page.getByTestId('report-program').inputValue();
  const schoolLabel = (await page.getByTestId('report-school').locator('option:checked').textContent())!;
  const schoolName = schoolLabel.split(' · ').pop()!.trim();

  const t0 = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 110_000 }),
    page.getByTestId('report-generate').click()
  ]);
  // First PDF of the session: includes loading pdfmake and 16 MB of fonts from the local server.
  console.log(`公示名单 first PDF: ${Date.now() - t0} ms`);
  const file = `${OUT}/${download.suggestedFilename()}`;
  await download.saveAs(file);
  await expect(page.getByTestId('report-done')).toBeVisible();
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

  expect(text).toContain(`${term}${program}受助学生公示名单`);
  expect(text).toContain(`学校：${schoolName}`);
  // A student paid by this school in this term, read from the same engine the page used.
  const names = (await page.evaluate(
    async ([t, s, p]) => {
      const session = (
        globalThis as unknown as {
          __aidSession: { query(sql: string): Promise<{ name: string; id: string }[]> };
        }
      ).__aidSession;
      return session.query(
        `SELECT name, id FROM payments WHERE term = '${t}' AND school_id = '${s}' AND program = '${p}' ORDER BY src_row LIMIT 3`
      );
    },
    [term, school, program]
  )) as { name: string; id: string }[];
  expect(names.length).toBeGreaterThan(0);
  for (const n of names) {
    expect(text).toContain(n.name);
    expect(text).not.toContain(n.id);
  }

  const origin = new URL(baseURL!).origin;
  const fonts = urls.filter((u) => u.includes('NotoSansHans'));
  expect(fonts.length).toBeGreaterThanOrEqual(2);
  const foreign = urls.filter(
    (u) => !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith(origin + '/')
  );
  expect(foreign).toEqual([]);
  // pdfmake and the fonts work under the site's CSP (no eval, connect-src 'self').
  expect(cspErrors).toEqual([]);
});
