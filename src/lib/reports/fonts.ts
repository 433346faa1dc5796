/**
 * The report fonts (Noto Sans SC regular + bold, 8 MB each) served by the site itself and fetched only
 * when a PDF is made, once per page session. @embedpdf/fonts-sc's exports map lists only its JS entry,
 * so the .otf files are imported by path into node_modules; Vite copies them into the build as hashed
 * assets (same origin: CSP connect-src 'self' and an offline intranet both allow it).
 */
import regularUrl from '../../../node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Regular.otf?url';
import boldUrl from '../../../node_modules/@embedpdf/fonts-sc/fonts/NotoSansHans-Bold.otf?url';

export interface FontFiles {
  /** Absolute same-origin URLs (pdfmake resolves only http(s) URLs). */
  regularUrl: string;
  boldUrl: string;
  regular: ArrayBuffer;
  bold: ArrayBuffer;
}

let loading: Promise<FontFiles> | null = null;

/** Fetches both fonts with progress (bytes loaded / total). A failed load may be retried. */
export function loadFonts(onProgress?: (loaded: number, total: number) => void): Promise<FontFiles> {
  loading ??= (async () => {
    const urls = [new URL(regularUrl, location.href).href, new URL(boldUrl, location.href).href];
    const loaded = [0, 0];
    const totals = [0, 0];
    const report = () => onProgress?.(loaded[0] + loaded[1], totals[0] + totals[1]);
    const [regular, bold] = await Promise.all(
      urls.map(async (url, i) => {
        const res = await fetch(url);
        if (!res.ok || !res.body) throw new Error(`字体文件下载失败（${res.status}）`);
        totals[i] = Number(res.headers.get('content-length')) || 8_500_000;
        const reader = res.body.getReader();
        const chunks: Uint8Array[] = [];
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          loaded[i] += value.byteLength;
          report();
        }
        const out = new Uint8Array(loaded[i]);
        let at = 0;
        for (const c of chunks) {
          out.set(c, at);
          at += c.byteLength;
        }
        return out.buffer;
      })
    );
    return { regularUrl: urls[0], boldUrl: urls[1], regular, bold };
  })();
  loading.catch(() => (loading = null));
  return loading;
}
