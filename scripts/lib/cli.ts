/**
 * What the command-line scripts share before any engine starts: argument parsing and reading the data
 * files of a folder and the policy file. Node fs only (no DuckDB), so scripts that never query can import it
 * cheaply.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parsePolicyFile } from '../../src/lib/policy/fill';
import type { Policy } from '../../src/lib/policy/types';

/** `--key value`, `--key=value`, or a bare `--flag` (→ 'true'). Anything not starting with `--` is skipped. */
export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2);
      out[k] = v ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true');
    }
  }
  return out;
}

/** File types the importer reads. */
export const DATA_EXT = new Set(['.csv', '.tsv', '.txt', '.xlsx', '.xls']);
/** Generator and test side files that sit next to the data but are not data. */
export const SKIP = new Set(['ground-truth.csv', 'negatives.csv', 'manifest.json', 'expected.json']);

export interface DataFile {
  name: string;
  bytes: Uint8Array;
}

/** A data file of the folder, not read yet: the CLI streams it (issue 9). */
export interface DataPath {
  name: string;
  path: string;
  size: number;
}

/** Every data file directly in `dir` (by DATA_EXT, without the SKIP side files), sorted by name. */
export async function listDataDir(dir: string): Promise<DataPath[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter(
    (d) => DATA_EXT.has(extname(d.name).toLowerCase()) && !SKIP.has(d.name.toLowerCase())
  );
  const out: DataPath[] = [];
  // A symbolic link to a data file is a data file (Dirent.isFile() is false for the link itself).
  for (const d of entries) {
    const st = d.isFile() || d.isSymbolicLink() ? await stat(join(dir, d.name)).catch(() => null) : null;
    if (st?.isFile()) out.push({ name: d.name, path: join(dir, d.name), size: st.size });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every data file directly in `dir`, read whole (the demo build; the audit streams, see listDataDir). */
export async function readDataDir(dir: string): Promise<DataFile[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter(
    (d) => DATA_EXT.has(extname(d.name).toLowerCase()) && !SKIP.has(d.name.toLowerCase())
  );
  const names: string[] = [];
  // A symbolic link to a data file is a data file (Dirent.isFile() is false for the link itself).
  for (const d of entries)
    if (d.isFile() || (d.isSymbolicLink() && (await stat(join(dir, d.name)).catch(() => null))?.isFile()))
      names.push(d.name);
  names.sort();
  return Promise.all(
    names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(join(dir, name))) }))
  );
}

/** `--policy FILE.json`: one policy or a list (one per year); missing parts fall back to the defaults. */
export async function readPolicyFile(file: string): Promise<Policy[]> {
  return parsePolicyFile(await readFile(file, 'utf8'), file);
}
