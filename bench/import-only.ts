/**
 * `node --import tsx bench/import-only.ts FILE…`: the CLI's streamed import alone (read, decode,
 * parse, validate, canonical CSV batches) with the batches dropped instead of loaded into DuckDB.
 * Run under /usr/bin/time -v by `npm run bench -- --big --import-only`: its peak RSS is the
 * importer's own, apart from DuckDB's tables (which hold the data and so grow with it).
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { importFileStreams } from '../src/lib/ingest';
import { streamFile } from '../scripts/lib/audit-engine';

const paths = process.argv.slice(2);
let batches = 0;
const r = await importFileStreams(
  paths.map((p) => streamFile({ name: basename(p), path: p, size: statSync(p).size })),
  {
    onRows: async () => {
      batches++;
    }
  }
);
for (const f of r.files)
  console.log(
    `${f.file}：读取 ${f.read}，接收 ${f.accepted}，拒收 ${f.rejected}，跳过 ${f.skipped}，批次 ${batches}`
  );
