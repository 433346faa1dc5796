/**
 * The demo city: Yueyang at real size (scale 1), deterministic for a seed. `generateCity` builds
 * the seven import tables in memory (rows keyed by the column keys of src/lib/contract/tables.ts)
 * plus the planted findings (ground truth) and negatives; `writeCity` writes them as the contract's
 * UTF-8-with-BOM CSV files with their canonical headers.
 */
import { buildAllocations, buildCensus, buildSchoolTable, buildSetAsides } from './funds';
import type { City, Key } from './model';
import { planS05, plantNegatives, plantRecipients } from './plants';
import {
  Ctx,
  assignShares,
  buildHomes,
  buildIdentifications,
  buildPayments,
  buildStudents,
  materialize
} from './population';
import { Rng } from './rng';
import { buildSchools } from './schools';
import { buildYear2024 } from './year2024';

export { writeCity } from './write';
export type { City, Key, Negative, Row } from './model';

/** The fields that key a finding of each rule (checks.md); the others are left empty. */
const KEY_FIELDS: Record<string, (keyof Key)[]> = {
  R02: ['id', 'term'],
  S01: ['school_id', 'program', 'term'],
  S05: ['school_id', 'program', 'term'],
  S02: ['school_id', 'year'],
  S03: ['school_id', 'year'],
  S04: ['county', 'program', 'year']
};
function keyOnly(k: Key): Key {
  const fields = KEY_FIELDS[k.rule_code] ?? ['id', 'program', 'term'];
  const out: Key = {
    rule_code: k.rule_code,
    id: '',
    program: '',
    term: '',
    school_id: '',
    county: '',
    year: ''
  };
  for (const f of fields) out[f] = k[f];
  return out;
}

export interface CityOptions {
  scale?: number;
  seed?: number;
}

export function generateCity(opts: CityOptions = {}): City {
  const scale = opts.scale ?? 1;
  const seed = opts.seed ?? 2025;
  const rng = new Rng(seed);
  const schools = buildSchools(rng.fork('schools'), scale);
  const ctx = new Ctx(rng.fork('city'), scale, seed, schools);
  buildStudents(ctx);
  buildHomes(ctx);
  assignShares(ctx);
  planS05(ctx);
  buildIdentifications(ctx);
  buildPayments(ctx);
  for (const st of ctx.students) materialize(ctx, st);
  plantNegatives(ctx);
  plantRecipients(ctx);

  const payments = ctx.payments.filter((p) => !ctx.dead.has(p));
  const schoolTable = buildSchoolTable(ctx);
  const census = buildCensus(ctx, payments);
  const setasides = buildSetAsides(ctx, schoolTable);
  const allocations = buildAllocations(ctx, payments);
  // Last, with its own stream: every 2025 row above is what it was with one year.
  const y2024 = buildYear2024(ctx, rng.fork('2024'));
  return {
    seed,
    scale,
    tables: {
      schools: schoolTable,
      roster: ctx.roster,
      identifications: ctx.idents,
      payments: [...y2024.payments, ...payments],
      allocations: [...y2024.allocations, ...allocations],
      setasides: [...y2024.setasides, ...setasides],
      census: [...y2024.census, ...census]
    },
    groundTruth: ctx.gt.map(keyOnly),
    negatives: ctx.neg.map((n) => ({ ...keyOnly(n), note: n.note }))
  };
}
