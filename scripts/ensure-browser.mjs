#!/usr/bin/env node
/**
 * Finds a Chromium for the browser tests: Playwright's own if installed, else /usr/bin/chromium,
 * else installs Debian's chromium with apt-get. Also makes sure poppler-utils (pdftoppm, pdftotext)
 * are there for the PDF tests. Run directly it prints the browser's path.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/**
 * How every headless Chromium here is launched (tests, bench, the first-visit recording): no
 * sandbox (containers), no GPU, and nothing that reaches out to the internet on its own.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

/** Path of a Chromium that exists now, or undefined (no side effects: safe in playwright.config.ts). */
export function findChromium() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    const p = chromium.executablePath();
    if (p && existsSync(p)) return p;
  } catch {
    /* Playwright's browsers not installed */
  }
  return SYSTEM.find((p) => existsSync(p));
}

function aptInstall(pkgs) {
  console.log(`正在安装 / installing: ${pkgs.join(' ')}`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  });
}

/** True when fontconfig knows a Chinese font (what a user's Chinese Windows or Kylin machine has). */
function hasChineseFont() {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

/**
 * Finds or installs Chromium, poppler-utils and a Chinese system font (so screenshots look as on a
 * user's machine; the site itself falls back to its own font); returns the browser path.
 */
export function ensureBrowser() {
  const missing = [];
  if (!findChromium()) missing.push('chromium');
  if (!onPath('pdftoppm') || !onPath('pdftotext')) missing.push('poppler-utils');
  if (!hasChineseFont()) missing.push('fonts-noto-cjk');
  if (missing.length) aptInstall(missing);
  const path = findChromium();
  if (!path) throw new Error('找不到 Chromium / no Chromium found');
  return path;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(ensureBrowser());
}
