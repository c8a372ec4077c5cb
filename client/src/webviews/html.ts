/** Building webview HTML as text: every value goes through `esc`, so file or server text cannot inject markup. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A message the webview posts when the element is clicked (see browser/main.ts). */
export function msgAttr(message: object): string {
  return `data-msg="${esc(JSON.stringify(message))}"`;
}

/** `3.2 s`, `1 min 5 s`, `2 h 3 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${Math.round(s - min * 60)} s`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}
