// A static SPA: every page is prerendered as a shell and renders in the browser (duckdb-wasm, OPFS).
export const prerender = true;
export const ssr = false;
