/**
 * When the user last did something on the page (pointer, key, wheel, a form change), so background
 * work can wait for a pause: reading the prepared file's row tables through took 1–2 s of the
 * machine's two cores right after a visit, exactly when the first filter changes and page
 * changes came, and made them slower.
 */
let last = 0;

if (typeof window !== 'undefined')
  for (const type of ['pointerdown', 'keydown', 'wheel', 'change', 'input'])
    window.addEventListener(type, () => (last = performance.now()), { capture: true, passive: true });

/** Resolves once the user has done nothing for `ms` (checked every quarter second). */
export function userIdle(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const wait = last + ms - performance.now();
      if (wait <= 0) resolve();
      else setTimeout(check, Math.max(250, wait));
    };
    check();
  });
}
