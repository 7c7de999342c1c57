/** Number formatting shared by the dashboard's fragments (the same figures `headroom stats` prints). */
const fmt = new Intl.NumberFormat('en-US');
export const n = (v: number): string => fmt.format(Math.round(v));
export const pct = (part: number, whole: number): string => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—');
export const usd = (v: number): string => `$${v < 0.01 && v > 0 ? v.toFixed(4) : v.toFixed(2)}`;
export const utc = (t: number): string => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
