/**
 * Markdown / MarkdownToHtml. Octostache uses Markdig (CommonMark + pipe tables, emphasis extras,
 * autolinks). This is a small built-in renderer for the common subset — paragraphs, headings,
 * lists, block quotes, code, pipe tables, emphasis, strike-through, links and autolinks — that
 * writes HTML in Markdig's layout. A full CommonMark package would be exact (see KNOWN_DIFFERENCES.md).
 */
import type { TemplateFilter } from './types';

export const markdownToHtml: TemplateFilter = (arg, options) => {
  if (arg === null || options.length) return null;
  return renderMarkdown(arg.trim()) + '\n';
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  return renderBlocks(lines).join('\n');
}

const tableDelimiter = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((c) => c.trim());
}

function renderBlocks(lines: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^\s*$/.test(line)) {
      i++;
      continue;
    }
    const fence = /^\s*(```|~~~)(.*)$/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      const lang = fence[2].trim();
      out.push(
        `<pre><code${lang ? ` class="language-${escapeHtml(lang)}"` : ''}>${body.map(escapeHtml).join('\n')}${body.length ? '\n' : ''}</code></pre>`,
      );
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      out.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
      i++;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('<hr />');
      i++;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && tableDelimiter.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      const header = splitRow(line);
      const aligns = splitRow(lines[i + 1]).map((c) =>
        c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : '',
      );
      const cell = (tag: string, text: string, k: number) =>
        `<${tag}${aligns[k] ? ` style="text-align: ${aligns[k]};"` : ''}>${inline(text)}</${tag}>`;
      const html = ['<table>', '<thead>', '<tr>', ...header.map((h, k) => cell('th', h, k)), '</tr>', '</thead>'];
      i += 2;
      const rows: string[] = [];
      while (i < lines.length && lines[i].includes('|') && !/^\s*$/.test(lines[i])) {
        const cells = splitRow(lines[i]);
        rows.push('<tr>', ...header.map((_, k) => cell('td', cells[k] ?? '', k)), '</tr>');
        i++;
      }
      if (rows.length) html.push('<tbody>', ...rows, '</tbody>');
      html.push('</table>');
      out.push(html.join('\n'));
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s{0,3}>\s?/, ''));
      out.push('<blockquote>', ...renderBlocks(quoted), '</blockquote>');
      continue;
    }
    const bullet = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+/.exec(line);
    if (bullet) {
      const ordered = /\d/.test(bullet[1]);
      const items: string[][] = [];
      while (i < lines.length) {
        const m = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/.exec(lines[i]);
        if (m && /\d/.test(m[1]) === ordered) items.push([m[2]]);
        else if (items.length && /^\s+\S/.test(lines[i])) items[items.length - 1].push(lines[i].trim());
        else break;
        i++;
      }
      const start = ordered ? parseInt(bullet[1], 10) : 1;
      out.push(ordered ? (start !== 1 ? `<ol start="${start}">` : '<ol>') : '<ul>');
      for (const item of items) out.push(`<li>${inline(item.join('\n'))}</li>`);
      out.push(ordered ? '</ol>' : '</ul>');
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && !/^\s*$/.test(lines[i]) && !/^\s{0,3}(#{1,6}\s|```|~~~|>)/.test(lines[i]))
      paragraph.push(lines[i++].trim());
    out.push(`<p>${inline(paragraph.join('\n'))}</p>`);
  }
  return out;
}

/** Inline markup: code spans, links, autolinks, emphasis, strike-through, sub/superscript, breaks. */
function inline(text: string): string {
  const stash: string[] = [];
  const keep = (html: string) => `\u0000${stash.push(html) - 1}\u0000`;
  let s = text;
  s = s.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, __, code: string) => keep(`<code>${escapeHtml(code.trim())}</code>`));
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!|~^<>])/g, (_, c: string) => keep(escapeHtml(c)));
  s = s.replace(
    /!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"([^"]*)")?\s*\)/g,
    (_, alt: string, url: string, title?: string) =>
      keep(`<img src="${escapeHtml(url)}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ''} />`),
  );
  s = s.replace(
    /\[([^\]]+)\]\(\s*<?([^)\s>]*)>?(?:\s+"([^"]*)")?\s*\)/g,
    (_, label: string, url: string, title?: string) =>
      keep(`<a href="${escapeHtml(url)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${inline(label)}</a>`),
  );
  s = s.replace(/<((?:https?|ftp|mailto):[^\s<>]+)>/g, (_, url: string) =>
    keep(`<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`),
  );
  s = s.replace(
    /(^|[\s(*_~])((?:https?:\/\/|ftp:\/\/|mailto:|www\.)[^\s<]*[^\s<.,:;"')\]*_~!?])/g,
    (_, pre: string, url: string) =>
      pre + keep(`<a href="${escapeHtml(url.startsWith('www.') ? 'http://' + url : url)}">${escapeHtml(url)}</a>`),
  );
  s = escapeHtml(s);
  s = s.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '<strong>$2</strong>');
  s = s.replace(/(^|[^\w*])\*(?=\S)([\s\S]*?\S)\*(?!\*)/g, '$1<em>$2</em>');
  s = s.replace(/(^|[^\w_])_(?=\S)([\s\S]*?\S)_(?!\w)/g, '$1<em>$2</em>');
  s = s.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>');
  s = s.replace(/~(?=\S)([^~\s]+)~/g, '<sub>$1</sub>');
  s = s.replace(/\^(?=\S)([^^\s]+)\^/g, '<sup>$1</sup>');
  s = s.replace(/(?: {2,}|\\)\n/g, '<br />\n');
  return s.replace(/\u0000(\d+)\u0000/g, (_, k: string) => stash[Number(k)]);
}
