/**
 * Style rules added through the CSS object model (a constructed stylesheet adopted by the document)
 * instead of a `<style>` element: the site's content security policy has no 'unsafe-inline' for
 * styles, so an inserted `<style>` or `style="…"` attribute would be refused, while the CSSOM is not
 * subject to the policy. No data ever goes into these rules.
 */

/** Adopts `css` into the document; the returned function takes it out again (an $effect's cleanup). */
export function adoptStyle(css: string): () => void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
