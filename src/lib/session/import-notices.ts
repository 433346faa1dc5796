/**
 * The page's side of "the same export imported twice" (src/lib/ingest/dedupe.ts): a file identical
 * to one already stored is not saved again, and a new file whose payments mostly repeat a stored
 * file's is reported with the offer to replace the earlier file.
 */
import type { Engine } from '$lib/engine/engine';
import { findRepeatedFiles, repeatMessage, sameContentMessage } from '$lib/ingest/dedupe';
import type { FileReport } from '$lib/ingest/types';
import { listFiles, type StoredFileMeta } from '$lib/storage';

export interface ImportNotice {
  file: string;
  message: string;
  /** Set when the user may replace the earlier file by this one: its stored id and name. */
  replace?: { id: string; name: string };
}

/** The stored file (under another name) with exactly this content, if any. */
export function storedSameContent(report: FileReport, stored: StoredFileMeta[]): StoredFileMeta | undefined {
  if (!report.contentHash) return undefined;
  return stored.find((s) => s.name !== report.file && s.report.contentHash === report.contentHash);
}

export const skippedNotice = (report: FileReport, earlier: StoredFileMeta): ImportNotice => ({
  file: report.file,
  message: `「${report.file}」${sameContentMessage(earlier.name)}。`
});

/** A same-named file is stored but the new one could not be read: the old data stays, said so. */
export function keptOldNotice(report: FileReport, stored: StoredFileMeta[]): ImportNotice | null {
  if (!stored.some((s) => s.name === report.file)) return null;
  return {
    file: report.file,
    message: `「${report.file}」这次未能读取，先前导入的同名文件的数据保持不变。`
  };
}

/** Notices for the newly saved files whose payment rows mostly repeat an earlier stored file. */
export async function repeatNotices(engine: Engine, saved: string[]): Promise<ImportNotice[]> {
  if (saved.length === 0) return [];
  const stored = await listFiles();
  const repeats = await findRepeatedFiles(
    engine,
    stored.map((s) => s.name)
  );
  return repeats
    .filter((r) => saved.includes(r.file))
    .map((r) => {
      const earlier = stored.find((s) => s.name === r.earlier)!;
      return { file: r.file, message: repeatMessage(r), replace: { id: earlier.id, name: earlier.name } };
    });
}
