/**
 * Arrow results (duckdb-wasm) → the plain JSON values of the Engine interface, so that every value
 * equals what the Node engine (./node.ts) returns for the same SQL: integers and decimals as number
 * (BIGINT beyond 2^53 as string), DATE as 'YYYY-MM-DD', TIMESTAMP as 'YYYY-MM-DD HH:MM:SS', lists
 * and structs as JSON text, NULL as null.
 */
import { Type, type DataType, type Table } from 'apache-arrow';
import type { Row, Value } from './engine';

type Convert = (v: unknown) => Value;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Arrow gives DATE (DateDay) and DateMillisecond as a millisecond epoch number (UTC). */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * Arrow gives TIMESTAMP as milliseconds since the epoch (fractional for microsecond units). DuckDB
 * prints seconds only when there is no fraction, else the fraction without trailing zeros.
 */
export function formatTimestamp(ms: number): string {
  const whole = Math.floor(ms);
  const d = new Date(whole);
  let s = `${formatDate(whole)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const micros = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1000);
  if (micros > 0) s += '.' + String(micros).padStart(6, '0').replace(/0+$/, '');
  return s;
}

/** A BIGINT as the Node engine gives it: a number when exact, else its digits as text. */
export function bigintValue(b: bigint): number | string {
  const n = Number(b);
  return Number.isSafeInteger(n) ? n : b.toString();
}

/** Plain JS (for nested values, serialised as JSON like the Node engine does). */
function toJsonish(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return bigintValue(v);
  if (typeof v !== 'object') return v;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<unknown>, toJsonish);
  // Arrow vectors (LIST) and struct rows (STRUCT) both know their plain JSON form.
  const o = v as { toJSON?: () => unknown };
  if (typeof o.toJSON === 'function') return toJsonish(o.toJSON());
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonish(x)]));
}

function converterFor(type: DataType): Convert {
  switch (type.typeId) {
    case Type.Int:
    case Type.Int8:
    case Type.Int16:
    case Type.Int32:
    case Type.Int64:
    case Type.Uint8:
    case Type.Uint16:
    case Type.Uint32:
    case Type.Uint64:
      return (v) => (typeof v === 'bigint' ? bigintValue(v) : (v as number));
    case Type.Float:
    case Type.Float16:
    case Type.Float32:
    case Type.Float64:
      return (v) => v as number;
    case Type.Decimal:
      // Only reached when castDecimalToDouble is off; Arrow's Decimal renders as digits text.
      return (v) => Number(String(v)) / 10 ** ((type as unknown as { scale: number }).scale ?? 0);
    case Type.Bool:
      return (v) => v as boolean;
    case Type.Utf8:
    case Type.LargeUtf8:
      return (v) => v as string;
    case Type.Date:
    case Type.DateDay:
    case Type.DateMillisecond:
      return (v) => formatDate(Number(v));
    case Type.Timestamp:
    case Type.TimestampSecond:
    case Type.TimestampMillisecond:
    case Type.TimestampMicrosecond:
    case Type.TimestampNanosecond:
      return (v) => formatTimestamp(Number(v));
    default:
      return (v) => {
        if (typeof v === 'bigint') return bigintValue(v);
        if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
        return JSON.stringify(toJsonish(v));
      };
  }
}

/** Converts a whole Arrow table into plain rows, column-wise (faster than row proxies). */
export function arrowToRows<T extends Row = Row>(table: Table): T[] {
  const fields = table.schema.fields;
  const n = table.numRows;
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = {};
  fields.forEach((field, c) => {
    const col = table.getChildAt(c);
    const conv = converterFor(field.type);
    if (!col) return;
    let i = 0;
    for (const v of col) {
      rows[i][field.name] = v === null || v === undefined ? null : conv(v);
      i++;
    }
  });
  return rows as T[];
}
