/**
 * Issue 10 in a real Chromium on the demo city: no ID or card number in any address or link,
 * rates short of their target never read 100.0%, shortfall charts sorted worst first, the drill's
 * true count with paging and search, every page usable at phone width, 设置 on the latest year with
 * data, the 公示名单 hint visible, and no filter term without data. Screenshots of every page at
 * 1440×900 and 390×844 go to test-results/screens/honest-*.png.
 */
import type { Frame, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { nav, waitCharts, waitReady, type ChartsHandle } from './dashboard-helpers';
// These tests only read the demo: one page per worker, loaded once (tests/browser/shared-page.ts).
import { expect, open, test } from './shared-page';

const SCREENS = 'test-results/screens';
mkdirSync(SCREENS, { recursive: true });

/** 15/18-character IDs and 12–19-digit cards; no 学校标识码 (10 digits) or date is this long. */
const PERSONAL = /\d{12,}|\d{14,}[Xx]/;

async function query<T>(page: Page, sql: string): Promise<T[]> {
  return page.evaluate(
    (s) =>
      (
        globalThis as unknown as { __aidSession: { query: (q: string) => Promise<unknown[]> } }
      ).__aidSession.query(s),
    sql
  ) as Promise<T[]>;
}

/** The current address and every link on the page hold no personal number. */
async function assertPrivate(page: Page, visited: string[]) {
  visited.push(page.url());
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const h of [page.url(), ...hrefs]) expect(decodeURIComponent(h), h).not.toMatch(PERSONAL);
}

test.setTimeout(600_000);

test.describe('desktop', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('privacy walk: no ID or card number in any URL visited or link shown; bookmarks work', async ({
    page
  }) => {
    const context = page.context();
    const visited: string[] = [];
    const seen = (fr: Frame) => fr === page.mainFrame() && visited.push(fr.url());
    page.on('framenavigated', seen);
    await open(page, '/');
    for (const path of ['/', '/coverage', '/funds', '/setaside', '/drill']) {
      await nav(page, path);
      await waitReady(page);
      if (path !== '/drill') await waitCharts(page);
      else await expect(page.getByTestId('drill-table').locator('tbody tr a').first()).toBeVisible();
      await assertPrivate(page, visited);
    }
    // Drill: unit → school → student.
    const table = page.getByTestId('drill-table');
    await table.locator('tbody tr a').first().click();
    await expect(page.getByTestId('drill-level')).toHaveAttribute('data-level', 'county');
    await expect(table.locator('tbody tr a').first()).toBeVisible();
    await assertPrivate(page, visited);
    await table.locator('tbody tr a').first().click();
    await expect(page.getByTestId('drill-level')).toHaveAttribute('data-level', 'school');
    await expect(table.locator('tbody tr td:nth-child(2) a').first()).toBeVisible();
    await assertPrivate(page, visited);
    const name = (await table.locator('tbody tr td:nth-child(2) a').first().textContent())!.trim();
    await table.locator('tbody tr td:nth-child(2) a').first().click();
    await expect(page.getByTestId('drill-level')).toContainText(name);
    await expect(page).toHaveURL(/[?&]student=\d+/);
    await expect(page.getByTestId('student-roster').locator('tbody tr').first()).not.toContainText(
      '正在查询'
    );
    await assertPrivate(page, visited);

    // A bookmark of the student opens the same student in a new tab.
    const bookmark = page.url();
    const tab = await context.newPage();
    await tab.goto(bookmark);
    await expect(tab.getByTestId('drill-level')).toContainText(name, { timeout: 120_000 });
    await tab.close();

    // 覆盖's missed list links each student by key.
    await nav(page, '/coverage');
    await waitReady(page);
    await waitCharts(page);
    const missed = page.getByTestId('missed-table').locator('tbody tr td:nth-child(3) a');
    await expect(missed.first()).toBeVisible();
    await assertPrivate(page, visited);
    const who = (await missed.first().textContent())!.trim();
    await missed.first().click();
    await expect(page.getByTestId('drill-level')).toContainText(who);
    await assertPrivate(page, visited);

    // 核查: open findings of several rules (R09's key is the shared card), each addressed by a
    // short hash; the drawer and the page link nothing personal.
    await nav(page, '/inspect');
    await expect(page.getByTestId('inspect-ready')).toBeVisible({ timeout: 120_000 });
    const withFindings = await query<{ rule_code: string; n: number }>(
      page,
      `SELECT rule_code, count(*)::INTEGER AS n FROM findings GROUP BY rule_code ORDER BY rule_code`
    );
    const codes = withFindings.map((r) => r.rule_code);
    const rules = ['R09', 'R01', 'R02', 'R05', codes.find((c) => c.startsWith('S'))].filter(
      (c): c is string => !!c && codes.includes(c)
    );
    expect(rules).toContain('R09');
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const code of rules) {
      await page.getByTestId(`rule-${code}`).click();
      await expect(page).toHaveURL(new RegExp(`rule=${code}`));
      const n = withFindings.find((r) => r.rule_code === code)!.n;
      await expect(page.getByTestId('findings-total')).toHaveAttribute('data-total', String(n));
      // The rows of the new filter, not the previous list's rows still on screen.
      const firstRow = page.getByTestId('findings-table').getByTestId('vrow').first();
      await expect(firstRow).toContainText(code);
      await firstRow.click();
      await expect(page.getByTestId('finding-detail')).toContainText(code);
      await expect(page).toHaveURL(/[?&]f=[0-9a-f]{11}(&|$)/);
      await expect(page.getByTestId('evidence-table').first()).toBeVisible();
      await assertPrivate(page, visited);
      await page.keyboard.press('Escape');
      await expect(page).not.toHaveURL(/[?&]f=/);
      await page.getByTestId(`rule-${code}`).click();
    }
    // A bookmark of a finding opens it in a new tab; an old address with the key (the card) is
    // rewritten to the short form at once.
    const [{ key, ref }] = await query<{ key: string; ref: string }>(
      page,
      `SELECT finding_key AS key, left(md5(finding_key), 11) AS ref FROM findings WHERE rule_code = 'R09' ORDER BY finding_key LIMIT 1`
    );
    const finder = await context.newPage();
    await finder.goto(`/inspect?rule=R09&f=${ref}`);
    await expect(finder.getByTestId('finding-detail')).toContainText('R09', { timeout: 120_000 });
    await finder.goto(`/inspect?rule=R09&f=${encodeURIComponent(key)}`);
    await expect(finder).toHaveURL(new RegExp(`[?&]f=${ref}(&|$)`), { timeout: 120_000 });
    await expect(finder.getByTestId('finding-detail')).toContainText('R09');
    expect(decodeURIComponent(finder.url())).not.toMatch(PERSONAL);
    await finder.close();

    // An old address with the ID is swapped for the key (and leaves the history).
    const [{ id }] = await query<{ id: string }>(
      page,
      `SELECT id FROM roster WHERE length(id) = 18 ORDER BY id LIMIT 1`
    );
    await page.goto(`/drill?id=${id}`);
    await waitReady(page);
    await expect(page).toHaveURL(/[?&]student=\d+/);
    await expect(page).not.toHaveURL(/[?&]id=/);
    await expect(page.getByTestId('student-roster').locator('tbody tr').first()).not.toContainText(
      '正在查询'
    );
    await assertPrivate(
      page,
      visited.filter((u) => !u.includes(id))
    );
    // Only the address typed by hand held the ID.
    const leaked = new Set(visited.filter((u) => PERSONAL.test(decodeURIComponent(u))));
    expect([...leaked].map((u) => new URL(u).pathname + new URL(u).search)).toEqual([`/drill?id=${id}`]);
    page.off('framenavigated', seen);
    // A link to 逐级查看 afterwards shows the city, not the student the old address named.
    await nav(page, '/drill');
    await expect(page.getByTestId('drill-level')).toHaveAttribute('data-level', 'city');
  });

  test('a rate short of its target never reads 100.0%, and its shortfall is said next to it', async ({
    page
  }) => {
    await open(page, '/');
    await waitReady(page);
    await waitCharts(page);
    const card = page.getByTestId('kpi-coverage');
    const sub = (await card.locator('.sub').textContent())!;
    const [, paid, needy] = sub
      .replace(/,/g, '')
      .match(/已资助 (\d+) \/ 认定 (\d+) 人/)!
      .map(Number);
    // The demo city leaves students unfunded in the units behind.
    expect(paid).toBeLessThan(needy);
    const want = `${(Math.floor((paid / needy) * 1000) / 10).toFixed(1)}%`;
    await expect(card.locator('.value')).toHaveText(want);
    expect(want).not.toBe('100.0%');
    expect(sub).toContain(`差 ${(needy - paid).toLocaleString('en-US')} 人`);
    const timely = page.getByTestId('kpi-timeliness');
    await expect(timely.locator('.sub')).toContainText(/超时 [\d,]+ 笔/);
    await expect(timely.locator('.value')).not.toHaveText('100.0%');

    // Tables: a row with students missing or money paid late never shows 100.0%.
    await nav(page, '/coverage');
    await waitReady(page);
    await waitCharts(page);
    const rows = await page
      .getByTestId('coverage-table')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()))
      );
    const short = rows.filter((r) => r[4].startsWith('差'));
    expect(short.length).toBeGreaterThan(0);
    for (const r of short) expect(r[3], r[0]).not.toBe('100.0%');
    await nav(page, '/funds');
    await waitReady(page);
    await waitCharts(page);
    const funds = await page
      .getByTestId('funds-unit-table')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()))
      );
    const late = funds.filter((r) => r[9] !== '0');
    expect(late.length).toBeGreaterThan(0);
    for (const r of late) expect(r[8], r[0]).not.toBe('100.0%');
  });

  /** A horizontal chart's category labels as its formatter gives them, measured in its font. */
  async function drawnLabels(page: Page, name: string) {
    return page.evaluate((n) => {
      const w = window as unknown as ChartsHandle;
      const o = (w.__charts[n].chart as { getOption(): Record<string, unknown> }).getOption() as {
        yAxis: { data?: string[]; axisLabel: { formatter: (v: string) => string } }[];
        textStyle?: { fontFamily?: string };
      };
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `12px ${o.textStyle?.fontFamily ?? 'sans-serif'}`;
      return (o.yAxis[0].data ?? []).map((name) => {
        const text = o.yAxis[0].axisLabel.formatter(name);
        return { name, text, width: ctx.measureText(text).width };
      });
    }, name);
  }

  /** Values of a chart's only series and its categories, as drawn. */
  async function bars(page: Page, name: string) {
    return page.evaluate((n) => {
      const w = window as unknown as ChartsHandle;
      const o = (w.__charts[n].chart as { getOption(): Record<string, unknown> }).getOption() as {
        yAxis: { data?: string[] }[];
        series: { data: (number | { value: number })[] }[];
      };
      return {
        cats: o.yAxis[0].data ?? [],
        values: o.series[0].data.map((d) => (typeof d === 'number' ? d : d.value))
      };
    }, name);
  }
  const descending = (v: number[]) => v.every((x, i) => i === 0 || v[i - 1] >= x);

  test('shortfall charts: missed, late and 计提 gaps by unit and school, worst first, at most 20', async ({
    page
  }) => {
    await open(page, '/coverage');
    await waitReady(page);
    await waitCharts(page);
    const units = await bars(page, 'coverage-unit');
    expect(units.values.length).toBeGreaterThan(1);
    expect(descending(units.values)).toBe(true);
    // The two units planted behind lead.
    expect(units.cats.slice(0, 2).sort()).toEqual(['华容县', '平江县']);
    await page.screenshot({ path: `${SCREENS}/honest-coverage-units.png`, fullPage: true });

    // One unit: its schools, worst first; the school far behind (汨罗市) on top.
    await nav(page, `/coverage?county=${encodeURIComponent('汨罗市')}`);
    await waitReady(page);
    await waitCharts(page);
    const schools = await bars(page, 'coverage-unit');
    expect(schools.values.length).toBeLessThanOrEqual(20);
    expect(descending(schools.values)).toBe(true);
    const [far] = await query<{ school_name: string; missed: number }>(
      page,
      `SELECT any_value(school_name) AS school_name, count(*) FILTER (WHERE NOT paid_need)::INTEGER AS missed
       FROM metric_needy WHERE county = '汨罗市' AND term = (SELECT term FROM policy_terms t
         WHERE EXISTS (SELECT 1 FROM payments p WHERE p.term = t.term) ORDER BY term_start DESC LIMIT 1)
       GROUP BY school_id ORDER BY missed DESC, school_id LIMIT 1`
    );
    expect(schools.cats[0]).toBe(far.school_name);
    expect(schools.values[0]).toBe(far.missed);
    // Each school's label as drawn (cut by fit-label.ts) is the name or its start with '…', and fits
    // the 110 px left of the bars in the canvas's own font.
    const drawn = await drawnLabels(page, 'coverage-unit');
    expect(drawn.length).toBe(schools.cats.length);
    for (const d of drawn) {
      expect(
        d.text === d.name || (d.text.endsWith('…') && d.name.startsWith(d.text.slice(0, -1))),
        d.name
      ).toBe(true);
      expect(d.width, d.text).toBeLessThanOrEqual(110);
    }
    // The table lists every school, most missed first.
    const missedCol = await page
      .getByTestId('coverage-table')
      .locator('tbody tr td:nth-child(5)')
      .allTextContents();
    const nums = missedCol.map((t) => Number(t.replace(/[^\d]/g, '') || 0));
    expect(descending(nums)).toBe(true);
    await page.screenshot({ path: `${SCREENS}/honest-coverage-schools.png`, fullPage: true });

    await nav(page, '/funds');
    await waitReady(page);
    await waitCharts(page);
    const late = await bars(page, 'funds-timeliness');
    expect(late.values.length).toBeGreaterThan(0);
    expect(descending(late.values)).toBe(true);

    await nav(page, '/setaside?year=2025');
    await waitReady(page);
    await waitCharts(page);
    const gap = await bars(page, 'setaside-short');
    const [{ n }] = await query<{ n: number }>(
      page,
      `SELECT count(*)::INTEGER AS n FROM setasides sa JOIN v_setaside_share r USING (school_id, year)
       WHERE sa.set_aside < round(sa.income * r.min_share, 2) AND sa.year = 2025`
    );
    expect(gap.values.length).toBe(Math.min(n, 20));
    expect(descending(gap.values)).toBe(true);
    // The schools short of 计提 head the table.
    const status = await page
      .getByTestId('setaside-table')
      .locator('tbody tr td:last-child')
      .allTextContents();
    expect(status.slice(0, n).every((s) => s === '计提不足')).toBe(true);
    expect(status.slice(n).every((s) => s === '达标')).toBe(true);
  });

  test('the drill shows a school’s true count and reaches every student by paging and search', async ({
    page
  }) => {
    await open(page, '/drill');
    await waitReady(page);
    const [big] = await query<{ school_id: string; county: string }>(
      page,
      `SELECT r.school_id, any_value(s.county) AS county FROM roster r JOIN schools s USING (school_id)
       GROUP BY r.school_id ORDER BY count(DISTINCT r.id) DESC, r.school_id LIMIT 1`
    );
    await nav(page, `/drill?county=${encodeURIComponent(big.county)}&school=${big.school_id}`);
    await waitReady(page);
    const table = page.getByTestId('drill-table');
    await expect(table.locator('tbody tr td:nth-child(2) a').first()).toBeVisible();
    const countText = (await page.getByTestId('drill-count').locator('b').textContent())!;
    const total = Number(countText.replace(/,/g, ''));
    expect(total).toBeGreaterThan(200);
    // Page through: every student once, the pages add up to the count.
    const seen = new Set<string>();
    for (let p = 0; p * 200 < total; p++) {
      await expect(page.getByTestId('drill-range')).toContainText(
        `第 ${(p * 200 + 1).toLocaleString('en-US')}–`
      );
      await expect(table.locator('tbody tr td:nth-child(2) a')).toHaveCount(Math.min(200, total - p * 200));
      const links = await table
        .locator('tbody tr td:nth-child(2) a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      links.forEach((l) => seen.add(l));
      if ((p + 1) * 200 < total) await page.getByRole('button', { name: '下一页' }).click();
    }
    expect(seen.size).toBe(total);
    // A student of the last page is found by name from the first.
    const lastName = (await table.locator('tbody tr td:nth-child(2) a').last().textContent())!.trim();
    await page.getByTestId('drill-search').fill(lastName);
    await expect(table.locator('tbody tr td:nth-child(2) a').first()).toHaveText(lastName);
    await expect(page.getByTestId('drill-count')).toContainText('符合查找条件');
  });

  test('设置 opens on the latest year with data; the 公示名单 end-date hint shows; no term without data in the filters', async ({
    page
  }) => {
    await open(page, '/settings');
    await waitReady(page);
    const [{ y }] = await query<{ y: number }>(
      page,
      `SELECT max(TRY_CAST(substr(term, 1, 4) AS INTEGER))::INTEGER AS y FROM payments`
    );
    await expect(page.getByTestId('settings-year')).toHaveValue(String(y));

    await nav(page, '/reports');
    await waitReady(page);
    await page.getByRole('radio', { name: /公示名单/ }).check();
    await expect(page.getByTestId('notice-end-hint')).toBeVisible();
    await expect(page.getByTestId('notice-end-hint')).toHaveText(/5 个工作日/);

    await nav(page, '/');
    await waitReady(page);
    // The term list fills after the first paint (two years of terms in the demo): wait for it.
    await expect.poll(() => page.locator('select[name=term] option').count()).toBeGreaterThan(1);
    const terms = await page.locator('select[name=term] option').allTextContents();
    for (const t of terms) expect(t).not.toContain('无发放数据');
    const withPay = await query<{ y: number }>(
      page,
      `SELECT DISTINCT t.year AS y FROM policy_terms t WHERE EXISTS (SELECT 1 FROM payments p WHERE p.term = t.term) ORDER BY 1 DESC`
    );
    await expect(page.locator('select[name=year] option')).toHaveText([
      '全部年度',
      ...withPay.map((r) => `${r.y} 年`)
    ]);
  });
});

test('设置, 导入 and 报表 print their content without the menu or buttons', async ({ page }) => {
  await open(page, '/settings');
  await waitReady(page);
  for (const [name, path] of [
    ['settings', '/settings'],
    ['import', '/import'],
    ['reports', '/reports']
  ]) {
    await nav(page, path);
    await waitReady(page);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('header.top')).toBeHidden();
    await expect(page.getByTestId('demo-banner')).toBeHidden();
    expect(await page.locator('main button:visible').count(), name).toBe(0);
    await expect(page.locator('main h1, main h2').first()).toBeVisible();
    await page.pdf({ path: `${SCREENS}/honest-${name}-print.pdf`, format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
  }
});

const PAGES: [string, string][] = [
  ['overview', '/'],
  ['coverage', '/coverage'],
  ['funds', '/funds'],
  ['setaside', '/setaside'],
  ['drill', '/drill'],
  ['drill-school', ''],
  ['inspect', '/inspect'],
  ['plan', '/plan'],
  ['assess', '/assess'],
  ['import', '/import'],
  ['reports', '/reports'],
  ['settings', '/settings']
];

/** What each page without charts shows once its data is in (measured then, not after a fixed wait). */
const READY: Record<string, (page: Page) => Promise<void>> = {
  drill: (p) => expect(p.getByTestId('drill-table').locator('tbody tr a').first()).toBeVisible(),
  'drill-school': (p) =>
    expect(p.getByTestId('drill-table').locator('tbody tr td:nth-child(2) a').first()).toBeVisible(),
  inspect: (p) => expect(p.getByTestId('findings-table').getByTestId('vrow').first()).toBeVisible(),
  plan: (p) => expect(p.getByTestId('plan-counts')).toHaveAttribute('data-ready', 'true'),
  assess: (p) => expect(p.getByTestId('assess-table')).toHaveAttribute('data-ready', 'true'),
  import: (p) => expect(p.locator('[data-testid="data-counts"] [data-table]')).toHaveCount(7),
  reports: (p) => expect(p.getByTestId('report-generate')).toBeEnabled(),
  settings: (p) => expect(p.getByTestId('rule-switches')).toBeVisible()
};

for (const [w, h] of [
  [390, 844],
  [1440, 900]
] as const) {
  test.describe(`${w}×${h}`, () => {
    test.use({ viewport: { width: w, height: h } });
    test(`every page fits ${w} px without horizontal page scroll`, async ({ page }) => {
      await open(page, '/drill');
      await waitReady(page);
      const [s] = await query<{ school_id: string; county: string }>(
        page,
        `SELECT school_id, county FROM schools ORDER BY school_id LIMIT 1`
      );
      for (const [name, p] of PAGES) {
        const path = p || `/drill?county=${encodeURIComponent(s.county)}&school=${s.school_id}`;
        await nav(page, path);
        await waitReady(page);
        if (['overview', 'coverage', 'funds', 'setaside'].includes(name)) await waitCharts(page);
        else await READY[name](page);
        const over = await page.evaluate(() => {
          const doc = document.documentElement;
          const wide = [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1)
            .filter((e) => !e.closest('.table-scroll, .scroll, [data-scroll]'))
            .slice(0, 5)
            .map((e) => `${e.tagName}.${e.className}`);
          return { scroll: doc.scrollWidth, client: doc.clientWidth, wide };
        });
        await page.screenshot({ path: `${SCREENS}/honest-${name}-${w}.png`, fullPage: true });
        expect(over.scroll, `${name}: ${over.wide.join(', ')}`).toBeLessThanOrEqual(over.client);
      }
    });
  });
}
