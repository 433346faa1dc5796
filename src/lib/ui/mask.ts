/** ID numbers are masked on screen unless a user deliberately reveals them (PIPL). */
export function maskId(id: string | null | undefined): string {
  if (!id) return '';
  if (id.length <= 8) return id.slice(0, 2) + '*'.repeat(Math.max(0, id.length - 2));
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}
