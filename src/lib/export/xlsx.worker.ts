/** Builds an XLSX file off the main thread (see toXlsxOffThread in ./xlsx.ts). */
import { toXlsx, type Sheet } from './xlsx';

self.onmessage = (e: MessageEvent<Sheet[]>) => {
  try {
    const bytes = toXlsx(e.data);
    (self as unknown as Worker).postMessage({ bytes }, [bytes.buffer]);
  } catch (err) {
    (self as unknown as Worker).postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
