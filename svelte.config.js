import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The one inline style the product needs: SvelteKit's route announcer (it tells screen readers the
 * new page's title) is a `<div style="…">` that SvelteKit writes itself. The policy allows exactly
 * that attribute by its hash ('unsafe-hashes' + sha256 of the value), read from SvelteKit's source
 * so an update of SvelteKit keeps it right; tests/browser/csp.spec.ts fails if it ever does not.
 */
function announcerStyleHash() {
  let style =
    'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
  try {
    const src = readFileSync(
      new URL('./node_modules/@sveltejs/kit/src/core/sync/write_root.js', import.meta.url),
      'utf8'
    );
    style = /id="svelte-announcer"[^>]*style="([^"]+)"/.exec(src)?.[1] ?? style;
  } catch {
    // SvelteKit moved the file: the known value above.
  }
  return `sha256-${createHash('sha256').update(style).digest('base64')}`;
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A static site: any static file server on the intranet can serve it, no backend.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '404.html', strict: true }),
    // Only the site's own origin may provide scripts, workers, wasm and data (no CDN, no internet).
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self', 'wasm-unsafe-eval'],
        'worker-src': ['self', 'blob:'],
        'connect-src': ['self'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        // No 'unsafe-inline': a name from the data that slipped into markup (a tooltip) cannot restyle
        // the page. Svelte's style: directives and ECharts set styles through the CSSOM, which the
        // policy does not govern; the few rules that were inline live in app.css (docs/architecture.md).
        'style-src': ['self', 'unsafe-hashes', announcerStyleHash()],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self']
      }
    }
  }
};

export default config;
