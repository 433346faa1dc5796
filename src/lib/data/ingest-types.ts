/** The importer's types as the site uses them (single definition in src/lib/ingest/types.ts). */
export type { FileReport, ImportProgress, ImportResult, InputFile, RejectedRow } from '$lib/ingest/types';
