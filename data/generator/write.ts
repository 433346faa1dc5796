/**
 * Writes a city as the contract's import files: one UTF-8 CSV with BOM per table, canonical headers
 * from TABLES (never spelled here), plus ground-truth.csv, negatives.csv and manifest.json.
 * Rows are streamed through a small buffer, so scale 1 never builds one giant string.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES } from '../../src/lib/contract/tables';
import type { City, Row } from './model';

export const KEY_COLUMNS = ['rule_code', 'id', 'program', 'term', 'school_id', 'county', 'year'] as const;
export const NEGATIVE_COLUMNS = [...KEY_COLUMNS, 'note'] as const;

export function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Streams rows into a CSV file: BOM, header line, then rows, flushed every ~1 MB. */
export function writeCsv(
  path: string,
  header: string[],
  keys: readonly string[],
  rows: Iterable<Row>,
  bom = true
): number {
  const fd = openSync(path, 'w');
  let buf = (bom ? '\uFEFF' : '') + header.map(csvField).join(',') + '\n';
  let n = 0;
  for (const r of rows) {
    buf += keys.map((k) => csvField(r[k] ?? '')).join(',') + '\n';
    n++;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
  return n;
}

/** The file name of each table: its Chinese title, as users' exports are usually named. */
export function tableFileName(title: string): string {
  return `${title}.csv`;
}

export function writeCity(
  dir: string,
  city: City,
  extra: Record<string, unknown> = {}
): Record<string, number> {
  mkdirSync(dir, { recursive: true });
  const counts: Record<string, number> = {};
  for (const t of TABLES) {
    const file = tableFileName(t.title);
    counts[file] = writeCsv(
      join(dir, file),
      t.columns.map((c) => c.header),
      t.columns.map((c) => c.key),
      city.tables[t.key]
    );
  }
  counts['ground-truth.csv'] = writeCsv(
    join(dir, 'ground-truth.csv'),
    [...KEY_COLUMNS],
    KEY_COLUMNS,
    city.groundTruth as unknown as Row[],
    false
  );
  counts['negatives.csv'] = writeCsv(
    join(dir, 'negatives.csv'),
    [...NEGATIVE_COLUMNS],
    NEGATIVE_COLUMNS,
    city.negatives as unknown as Row[],
    false
  );
  const manifest = { seed: city.seed, scale: city.scale, rows: counts, ...extra };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return counts;
}
