/**
 * Bytes → text for CSV files. Order: a BOM decides (UTF-8, UTF-16 LE/BE); else strict UTF-8; else
 * GB18030, a superset of GBK, which is what Excel's "save as CSV" writes on Chinese Windows.
 */

export interface Decoded {
  text: string;
  /** Shown in the import report: 'UTF-8', 'UTF-8 (BOM)', 'UTF-16LE', 'UTF-16BE' or 'GB18030'. */
  encoding: string;
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8 (BOM)' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  }
  // UTF-16 saved without a BOM: the ASCII of a CSV (commas, digits) leaves a zero in every other byte.
  const utf16 = utf16WithoutBom(bytes);
  if (utf16)
    return { text: new TextDecoder(utf16.toLowerCase()).decode(bytes), encoding: `${utf16}（无 BOM）` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' };
  }
}

/**
 * The encoding of a file read in chunks (csv-stream.ts), as decodeText chooses it, from the first
 * chunk (at least 8 KB unless the file is shorter): a BOM or BOM-less UTF-16 decides at once
 * (`skip` = BOM bytes); otherwise `label` is null and the caller decides between UTF-8 and GB18030
 * by checking the whole file with isUtf8Stream.
 */
export function sniffEncoding(first: Uint8Array): { label: string; encoding: string; skip: number } | null {
  if (first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf)
    return { label: 'utf-8', encoding: 'UTF-8 (BOM)', skip: 3 };
  if (first.length >= 2 && first[0] === 0xff && first[1] === 0xfe)
    return { label: 'utf-16le', encoding: 'UTF-16LE', skip: 2 };
  if (first.length >= 2 && first[0] === 0xfe && first[1] === 0xff)
    return { label: 'utf-16be', encoding: 'UTF-16BE', skip: 2 };
  const utf16 = utf16WithoutBom(first);
  if (utf16) return { label: utf16.toLowerCase(), encoding: `${utf16}（无 BOM）`, skip: 0 };
  return null;
}

/** True when the chunks are valid UTF-8 throughout (strict decoding, as decodeText tries first). */
export async function isUtf8Stream(chunks: AsyncIterable<Uint8Array>): Promise<boolean> {
  const d = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const c of chunks) d.decode(c, { stream: true });
    d.decode();
    return true;
  } catch {
    return false;
  }
}

/** ZIP (xlsx, ods) or OLE2 (legacy xls) container: read with SheetJS rather than as CSV text. */
export function isSpreadsheetBinary(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  return zip || ole;
}

const SAMPLE = 8192;

/** 'UTF-16LE' / 'UTF-16BE' when the first bytes look like UTF-16 text without a BOM, else null. */
function utf16WithoutBom(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | null {
  const n = Math.min(bytes.length, SAMPLE) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= 0.2 * pairs && evenZero <= 0.02 * pairs) return 'UTF-16LE';
  if (evenZero >= 0.2 * pairs && oddZero <= 0.02 * pairs) return 'UTF-16BE';
  return null;
}

/**
 * Why these bytes cannot be a data file, in Chinese, or null. Catches what would otherwise decode
 * into garbage and fail header recognition with a confusing message: an image or other binary file
 * (zero bytes that are not UTF-16), and a name ending .xlsx/.xls whose content is not a workbook.
 */
export function notDataFileReason(name: string, bytes: Uint8Array): string | null {
  if (isSpreadsheetBinary(bytes)) return null;
  const hasBom = bytes[0] === 0xff || bytes[0] === 0xfe || bytes[0] === 0xef;
  const binary = !hasBom && !utf16WithoutBom(bytes) && bytes.subarray(0, SAMPLE).includes(0);
  if (/\.xlsx?$/i.test(name) && (binary || bytes.length === 0 || !looksLikeText(bytes)))
    return '文件扩展名是 Excel 工作簿，但内容不是 Excel 文件（可能是图片或其他文件改了扩展名），无法读取';
  if (binary) return '文件不是文本表格或 Excel 工作簿（可能是图片、压缩包或其他二进制文件），无法读取';
  return null;
}

/** True when the first bytes hold no control characters other than tab, CR and LF. */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SAMPLE);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 32 && b !== 9 && b !== 10 && b !== 13) return false;
  }
  return true;
}
