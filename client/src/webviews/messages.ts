/**
 * What the extension and the webviews say to each other. The extension renders the HTML (the
 * renderers are plain functions, shared with tests and the benchmark); the webview shows it,
 * keeps the panel's state for a reload, and posts back what the user clicked.
 */
export type ViewKind = 'processMap' | 'timeline' | 'dashboard';

/** Extension → webview. */
export type ToWebview =
  { type: 'render'; html: string; state: unknown; focus?: string } | { type: 'reveal'; id: string };

/** Webview → extension: a `data-msg` element clicked, a picker changed, or the webview ready. */
export type FromWebview =
  { type: 'ready' } | { type: 'pick'; name: string; value: string } | { type: string; [key: string]: unknown };
