#!/usr/bin/env node
/**
 * `npm start`: installs what is missing, prepares the demo city, builds the site when its sources
 * changed, and serves build/ at http://localhost:4173. Also exports the helpers test.mjs and
 * playwright.config.ts share (install check, build check, the static server).
 *
 *   node scripts/start.mjs [--port 4173] [--host 127.0.0.1] [--serve-only] [--root build] [--scale 1]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = join(ROOT, 'build');

/** Runs a command in the project root, inheriting the terminal; throws when it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} 失败 / failed (exit ${r.status})`);
  return r;
}

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

/** Newest modification time under a path (files only), skipping nothing: inputs are small folders. */
export function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const e of readdirSync(p)) m = Math.max(m, newest(join(p, e)));
  return m;
}

/** Installs the dependencies when node_modules is missing or older than package-lock.json. */
export function ensureDeps() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  // 1 s of slack: npm writes its marker a few ms after the lock file.
  if (existsSync(marker) && mtime(marker) + 1000 >= mtime(join(ROOT, 'package-lock.json'))) return;
  console.log('正在安装依赖 / installing dependencies …');
  // `npm install`, not `npm ci`: the lock lists @duckdb/node-api's bindings for other platforms
  // (darwin, win32, linux-arm64) that this registry does not serve, and `npm ci` refuses a lock
  // whose optional entries it cannot match. `npm install` keeps the locked versions all the same.
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** Generates + imports the demo city into static/demo (skipped when already at this scale and seed). */
export function prepareDemo(scale) {
  run(process.execPath, ['--import', 'tsx', 'scripts/prepare-demo.ts', '--scale', String(scale)]);
}

const BUILD_INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', 'tsconfig.json'];

/** vite build when any source is newer than the last build. */
export function ensureBuild({ force = false } = {}) {
  const built = mtime(join(BUILD, 'index.html'));
  const src = Math.max(...BUILD_INPUTS.map((p) => newest(join(ROOT, p))));
  if (!force && built > src) return;
  console.log('正在构建网站 / building the site …');
  run(process.execPath, [
    join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--logLevel',
    'warn'
  ]);
}

/**
 * Records what a first visit to the demo draws (scripts/record-paint.ts) when the build or the demo
 * changed since. Never fatal: without it the first visit computes 总览 itself.
 */
export function recordPaint() {
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/record-paint.ts'], {
    cwd: ROOT,
    stdio: 'inherit'
  });
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf'
};

/** The file a URL path maps to in build/: exact file, page.html, dir/index.html, else the SPA fallback. */
function resolveFile(urlPath, root) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const full = normalize(join(root, p));
  if (full !== root && !full.startsWith(root + sep)) return null;
  for (const c of [full, full + '.html', join(full, 'index.html')])
    if (existsSync(c) && statSync(c).isFile()) return { file: c, status: 200 };
  // Unknown paths get the SPA shell (adapter-static fallback), so deep links still open the app.
  const fallback = join(root, '404.html');
  return existsSync(fallback) ? { file: fallback, status: extname(full) ? 404 : 200 } : null;
}

/** A tiny static server for build/ (no dependencies, correct MIME types for .wasm and workers). */
export function serve(port, host = '127.0.0.1', root = BUILD) {
  const server = createServer((req, res) => {
    const hit = resolveFile(req.url ?? '/', resolve(root));
    if (!hit) {
      res.writeHead(404).end('Not found');
      return;
    }
    const type = MIME[extname(hit.file)] ?? 'application/octet-stream';
    const immutable = hit.file.includes(`${sep}immutable${sep}`);
    res.writeHead(hit.status, {
      'Content-Type': type,
      'Content-Length': statSync(hit.file).size,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff'
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(hit.file).pipe(res);
  });
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen(server));
  });
}

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

async function main() {
  const port = Number(arg('--port', process.env.PORT ?? 4173));
  const serveOnly = process.argv.includes('--serve-only');
  if (!serveOnly) {
    ensureDeps();
    prepareDemo(Number(arg('--scale', process.env.DEMO_SCALE ?? 1)));
    ensureBuild();
    recordPaint();
  }
  if (!existsSync(join(BUILD, 'index.html')))
    throw new Error('build/ 不存在，请先运行 npm start / build/ is missing');
  // Loopback only by default: the site holds no data, but there is no reason to expose it.
  await serve(port, arg('--host', '127.0.0.1'), resolve(ROOT, arg('--root', 'build')));
  const url = `http://localhost:${port}`;
  console.log(`\n学生资助监管分析平台已启动，请在浏览器中打开：${url}`);
  console.log(`Student aid oversight platform is running at: ${url}`);
  console.log('按 Ctrl+C 停止 / press Ctrl+C to stop\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
