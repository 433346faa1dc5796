/**
 * duckdb-wasm behind the Engine interface (browser only). The bundles (worker + wasm) are served by
 * the site itself through Vite `?url` imports: no CDN, works offline on an intranet. This is the only
 * module of the site that imports @duckdb/duckdb-wasm.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { Engine, Row, Value } from './engine';
import { arrowToRows } from './values';

export interface WasmProgress {
  label: string;
  /** 0–100 */
  pct: number;
}

const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker }
};

export async function createWasmEngine(onProgress?: (p: WasmProgress) => void): Promise<Engine> {
  onProgress?.({ label: '正在启动分析引擎', pct: 0 });
  const bundle = await duckdb.selectBundle(BUNDLES);
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker, (p) => {
    if (p.bytesTotal > 0)
      onProgress?.({ label: '正在加载分析引擎', pct: Math.min(100, (100 * p.bytesLoaded) / p.bytesTotal) });
  });
  // Decimals become doubles in Arrow (DuckDB divides the scaled integer, which gives the same double as
  // parsing the Node engine's decimal text). BIGINT stays bigint so values.ts can keep >2^53 exact as text.
  await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: true } });
  const conn = await db.connect();
  // Offline by design: never fetch an extension from the internet.
  await conn.query('SET autoinstall_known_extensions=false; SET autoload_known_extensions=false;');
  onProgress?.({ label: '分析引擎已就绪', pct: 100 });

  const registered = new Set<string>();
  return {
    kind: 'wasm',
    async query<T extends Row = Row>(sql: string, params?: Value[]): Promise<T[]> {
      if (!params?.length) return arrowToRows<T>(await conn.query(sql));
      const statement = await conn.prepare(sql);
      try {
        return arrowToRows<T>(await statement.query(...params));
      } finally {
        await statement.close();
      }
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    async registerText(name: string, text: string) {
      await db.registerFileText(name, text);
      registered.add(name);
      return name;
    },
    async registerBytes(name: string, bytes: Uint8Array) {
      await db.registerFileBuffer(name, bytes);
      registered.add(name);
      return name;
    },
    async dropText(name: string) {
      if (!registered.delete(name)) return;
      await db.dropFile(name);
    },
    async close() {
      await conn.close();
      await db.terminate();
      worker.terminate();
    }
  };
}
