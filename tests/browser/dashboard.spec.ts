/**
 * The leadership dashboard in a real Chromium on the demo city: drill from the city to a student and
 * back through the breadcrumbs, restore a view from its URL, cross-filter by clicking a bar, and
 * screenshots of every page at 1440×900 and in print emulation (test-results/screens/dashboard-*).
 * (Timings of the same pages are measured by `npm run bench`, not here.)
 */
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { waitCharts, waitReady, type ChartsHandle } from './dashboard-helpers';
// These tests only read the demo: one page per worker, loaded once (tests/browser/shared-page.ts).
import { expect, open, test } from './shared-page';

const SCREENS = 'test-results/screens';
mkdirSync(SCREENS, { recursive: true });

test.use({ viewport: { width: 1440, height: 900 } });

const level = (page: Page) => page.getByTestId('drill-level');

test('drill from the city to a student and back by the breadcrumbs', async ({ page }) => {
  await open(page, '/drill');
  await waitReady(page);
  await expect(level(page)).toHaveAttribute('data-level', 'city');
  const table = page.getByTestId('drill-table');
  await expect(table.locator('tbody tr a').first()).toBeVisible();

  const unit = (await table.locator('tbody tr a').first().textContent())!.trim();
  await table.locator('tbody tr a').first().click();
  await expect(level(page)).toHaveAttribute('data-level', 'county');
  await expect(page).toHaveURL(new RegExp(`county=${encodeURIComponent(unit)}`));
  await expect(table.locator('tbody tr a').first()).toBeVisible();

  const school = (await table.locator('tbody tr a').first().textContent())!.trim();
  await table.locator('tbody tr a').first().click();
  await expect(level(page)).toHaveAttribute('data-level', 'school');
  await expect(page).toHaveURL(/school=\d+/);
  await expect(level(page)).toHaveText(school);
  const student = table.locator('tbody tr td:nth-child(2) a').first();
  await expect(student).toBeVisible();
  const name = (await student.textContent())!.trim();
  await student.click();

  await expect(level(page)).toHaveAttribute('data-level', 'student');
  await expect(page).toHaveURL(/[?&]student=\d+/);
  await expect(page).not.toHaveURL(/[?&]id=/);
  await expect(level(page)).toContainText(name);
  await expect(page.getByTestId('student-roster').locator('tbody tr').first()).not.toContainText('正在查询');
  // The ID is masked on screen.
  await expect(page.locator('.masked').first()).toHaveText(/\*{4,}/);
  await page.screenshot({ path: `${SCREENS}/dashboard-drill-student.png`, fullPage: true });

  const crumbs = page.getByTestId('breadcrumbs');
  await crumbs.getByRole('link', { name: school, exact: true }).click();
  await expect(level(page)).toHaveAttribute('data-level', 'school');
  await crumbs.getByRole('link', { name: unit, exact: true }).click();
  await expect(level(page)).toHaveAttribute('data-level', 'county');
  await crumbs.getByRole('link', { name: '全市', exact: true }).click();
  await expect(level(page)).toHaveAttribute('data-level', 'city');
  await expect(page).not.toHaveURL(/county=/);
});

test('a view is restored from its URL', async ({ page, browser }) => {
  await open(page, '/coverage');
  await waitReady(page);
  await waitCharts(page);
  // Set filters through the bar: the URL carries them. The unit: the first one with needy students.
  const unit = await page.evaluate(() => {
    const w = window as unknown as ChartsHandle;
    const c = w.__charts['coverage-unit'].chart as {
      getOption(): { xAxis: { data?: string[] }[]; yAxis: { data?: string[] }[] };
    };
    const o = c.getOption();
    return (o.xAxis[0].data ?? o.yAxis[0].data)![0];
  });
  const bar = page.getByTestId('filter-bar');
  const term = await bar.locator('select[name=term]').inputValue(); // the default: latest term with payments
  await bar.locator('select[name=term]').selectOption(term!);
  await bar.locator('select[name=county]').selectOption(unit);
  await bar.locator('select[name=stage]').selectOption('小学');
  await expect(page).toHaveURL(/stage=/);
  await waitCharts(page);
  const url = page.url();
  expect(new URL(url).searchParams.get('county')).toBe(unit);
  expect(new URL(url).searchParams.get('stage')).toBe('小学');
  expect(new URL(url).searchParams.get('term')).toBe(term);
  const table = await page.getByTestId('coverage-table').innerText();
  expect(table).toMatch(/%/); // the view has data
  const scope = await page.getByTestId('scope').innerText();

  // A fresh browser context opening the bookmark sees the same view.
  const other = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const p2 = await other.newPage();
  await p2.goto(url);
  await waitReady(p2);
  await waitCharts(p2);
  const bar2 = p2.getByTestId('filter-bar');
  await expect(bar2.locator('select[name=county]')).toHaveValue(unit);
  await expect(bar2.locator('select[name=stage]')).toHaveValue('小学');
  await expect(bar2.locator('select[name=term]')).toHaveValue(term!);
  await expect(p2.getByTestId('scope')).toHaveText(scope);
  expect(await p2.getByTestId('coverage-table').innerText()).toBe(table);
  // The stage chart highlights the restored stage; the unit chart lists the unit's schools.
  const cats = await p2.evaluate(() => {
    const w = window as unknown as ChartsHandle;
    const c = w.__charts['coverage-unit'].chart as {
      getOption(): { xAxis: { data?: string[] }[]; yAxis: { data?: string[] }[] };
    };
    const o = c.getOption();
    return (o.xAxis[0].data ?? o.yAxis[0].data)!;
  });
  expect(cats).not.toContain(unit);
  await other.close();
});

test('clicking a bar filters the other charts (cross-filter)', async ({ page }) => {
  await open(page, '/coverage');
  await waitReady(page);
  await waitCharts(page);
  const before = await page.evaluate(() => {
    const w = window as unknown as ChartsHandle;
    return {
      renders: Object.fromEntries(Object.entries(w.__charts).map(([k, v]) => [k, v.renders])),
      heights: Object.fromEntries(Object.entries(w.__charts).map(([k, v]) => [k, v.el.clientHeight]))
    };
  });
  // The pixel centre of the first bar of the unit chart, from the chart's own coordinate system.
  const target = await page.evaluate(() => {
    const w = window as unknown as ChartsHandle;
    const c = w.__charts['coverage-unit'].chart as {
      getOption(): {
        xAxis: { type: string; data?: string[] }[];
        yAxis: { type: string; data?: string[] }[];
        series: { data: (number | { value: number })[] }[];
      };
      convertToPixel(finder: object, value: (string | number)[]): number[];
    };
    const o = c.getOption();
    const horizontal = o.yAxis[0].type === 'category';
    const cats = (horizontal ? o.yAxis[0].data : o.xAxis[0].data)!;
    const raw = o.series[0].data;
    const i = raw.findIndex((d) => Number(typeof d === 'object' && d ? d.value : d) > 0.05);
    const v = Number(typeof raw[i] === 'object' ? (raw[i] as { value: number }).value : raw[i]);
    const px = c.convertToPixel({ seriesIndex: 0 }, horizontal ? [v / 2, cats[i]] : [cats[i], v / 2]);
    const box = w.__charts['coverage-unit'].el.getBoundingClientRect();
    return { x: box.left + px[0], y: box.top + px[1], name: cats[i] };
  });
  // Each chart's height when it is first drawn with the new unit, against its box: a chart whose
  // height changes with the unit's schools must be drawn at the new height, not at the old one
  // and again 120 ms later (polled each frame from before the click).
  const drawnSizes = page.evaluate((renders: Record<string, number>) => {
    const w = window as unknown as ChartsHandle;
    const seen: Record<string, [number, number]> = {};
    return new Promise<Record<string, [number, number]>>((resolve) => {
      const tick = () => {
        for (const [k, e] of Object.entries(w.__charts))
          if (!seen[k] && e.renders > (renders[k] ?? 0) && e.drawnAt !== null)
            seen[k] = [(e.chart as { getHeight(): number }).getHeight(), e.el.clientHeight];
        if (Object.keys(seen).length >= 3) resolve(seen);
        else requestAnimationFrame(tick);
      };
      tick();
    });
  }, before.renders);
  await page.mouse.click(target.x, target.y);
  await expect(page).toHaveURL(new RegExp(`county=${encodeURIComponent(target.name)}`));
  await expect(page.getByTestId('filter-bar').locator('select[name=county]')).toHaveValue(target.name);
  await waitCharts(page);
  const after = await page.evaluate(() => {
    const w = window as unknown as ChartsHandle;
    return Object.fromEntries(Object.entries(w.__charts).map(([k, v]) => [k, v.renders]));
  });
  // Every other chart on the page was redrawn for the chosen unit, or says the unit has nothing to
  // show (a unit whose priority students were all paid has no 漏助 bar to draw).
  for (const k of ['coverage-stage', 'coverage-share']) expect(after[k]).toBeGreaterThan(before.renders[k]);
  const sizes = await drawnSizes;
  // Some chart changed height (the unit's schools are more or fewer bars than the units) …
  expect(Object.entries(sizes).filter(([k, [, box]]) => box !== before.heights[k]).length).toBeGreaterThan(0);
  // … and every chart was first drawn at its new height.
  for (const [k, [drawn, box]] of Object.entries(sizes)) expect(drawn, k).toBe(box);
  const priority = page.locator('figure[data-chart="coverage-priority"]');
  if ((await priority.getAttribute('data-state')) === 'empty')
    await expect(priority).toContainText('重点保障对象均已获资助');
  else expect(after['coverage-priority']).toBeGreaterThan(before.renders['coverage-priority']);
  await expect(page.getByTestId('scope')).toContainText(target.name);
  // The unit chart now lists that unit's schools (school codes link to the drill-down).
  await expect(page.getByTestId('coverage-table').locator('tbody tr a').first()).toHaveAttribute(
    'href',
    /school=\d+/
  );
});

const PAGES: [string, string][] = [
  ['overview', '/'],
  ['coverage', '/coverage'],
  ['funds', '/funds'],
  ['setaside', '/setaside'],
  ['drill-county', '/drill?county=岳阳县']
];

test('screenshots of each page at 1440×900 and in print emulation', async ({ page }) => {
  for (const [name, path] of PAGES) {
    await page.emulateMedia({ media: 'screen' });
    await open(page, path);
    await waitReady(page);
    if (name !== 'drill-county') await waitCharts(page);
    else
      await expect(page.getByTestId('drill-table').locator('tbody tr a').first()).toBeVisible({
        timeout: 120_000
      });
    await page.screenshot({ path: `${SCREENS}/dashboard-${name}.png` });
    await page.emulateMedia({ media: 'print' });
    // Print shows each chart as an image made at print width.
    if (name !== 'drill-county') {
      await page.waitForFunction(() =>
        [...document.querySelectorAll('figure[data-state=ready]')].every((f) => !!f.querySelector('img.snap'))
      );
      await expect(page.locator('header.top')).toBeHidden();
      await expect(page.getByTestId('filter-bar')).toBeHidden();
    }
    // 资金's program names are buttons on screen: on paper they print as text, not as a blank column.
    if (name === 'funds')
      await expect(
        page.getByTestId('funds-program-table').locator('tbody tr td .link').first()
      ).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/dashboard-${name}-print.png`, fullPage: true });
    await page.pdf({ path: `${SCREENS}/dashboard-${name}.pdf`, format: 'A4', printBackground: true });
    // Back on screen, each chart fills its box again (the print image's width does not stay).
    if (name !== 'drill-county') {
      await page.emulateMedia({ media: 'screen' });
      await expect
        .poll(
          () =>
            page.evaluate(() =>
              Object.entries((window as unknown as ChartsHandle).__charts)
                .filter(([, e]) => (e.chart as { getWidth(): number }).getWidth() !== e.el.clientWidth)
                .map(([k]) => k)
            ),
          { timeout: 5000 }
        )
        .toEqual([]);
    }
  }
});
