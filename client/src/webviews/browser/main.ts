/**
 * The script of every Stepwise webview (bundled for the browser into dist/webview.js). It shows
 * the HTML the extension rendered, keeps the panel's state for a reload, places timeline bars,
 * moves focus with the arrow keys, and posts back what the user clicked or picked.
 */
import type { FromWebview, ToWebview } from '../messages';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

function place(): void {
  // CSSOM writes are allowed by the policy (style-src without 'unsafe-inline' blocks style attributes only).
  for (const el of root.querySelectorAll<HTMLElement>('[data-left]')) {
    el.style.left = `${el.dataset.left}%`;
    if (el.dataset.width) el.style.width = `${el.dataset.width}%`;
  }
}

function reveal(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.classList.add('revealed');
  setTimeout(() => el.classList.remove('revealed'), 1500);
  el.querySelector<HTMLElement>('button, summary, [tabindex]')?.focus({ preventScroll: true });
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message.type === 'render') {
    // Keep focus on the same control across re-renders (the map re-renders as the user types).
    const active = document.activeElement as HTMLElement | null;
    const focusKey = active?.dataset.msg ?? (active?.dataset.pick ? `pick:${active.dataset.pick}` : undefined);
    const scroll = window.scrollY;
    root.innerHTML = message.html;
    place();
    vscode.setState(message.state);
    window.scrollTo(0, scroll);
    if (focusKey) {
      const again = [...root.querySelectorAll<HTMLElement>('[data-msg], [data-pick]')].find(
        (el) => (el.dataset.msg ?? `pick:${el.dataset.pick}`) === focusKey,
      );
      again?.focus({ preventScroll: true });
    }
    if (message.focus) reveal(message.focus);
  } else if (message.type === 'reveal') {
    reveal(message.id);
  }
});

root.addEventListener('click', (event) => {
  const el = (event.target as HTMLElement).closest<HTMLElement>('[data-msg]');
  if (el?.dataset.msg) vscode.postMessage(JSON.parse(el.dataset.msg));
});

root.addEventListener('change', (event) => {
  const el = event.target as HTMLInputElement | HTMLSelectElement;
  if (el.dataset.pick) vscode.postMessage({ type: 'pick', name: el.dataset.pick, value: el.value });
});

// Arrow keys move between the view's main controls (step cards, bars' logs, dashboard cells).
root.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const items = [...root.querySelectorAll<HTMLElement>('[data-nav]')];
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (at < 0) return;
  const next = items[at + (event.key === 'ArrowDown' ? 1 : -1)];
  if (next) {
    next.focus();
    event.preventDefault();
  }
});

vscode.postMessage({ type: 'ready' });
