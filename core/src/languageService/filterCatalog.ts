/**
 * What each built-in Octostache filter does and takes, for completion after `|` and hovers.
 * Wording follows Octopus's "Variable filters" page and the behaviour in
 * docs/reference/octostache.md; the test checks it covers `builtInFilterNames`.
 */
import type { TemplateKeyword } from '../template/keywords';

export interface KeywordDoc {
  /** The tag as written, e.g. `#{if Condition}…#{/if}`. */
  detail: string;
  description: string;
}

export interface FilterDoc {
  name: string;
  /** Options as a signature, e.g. `length [suffix]`; empty when the filter takes none. */
  options: string;
  description: string;
  example?: string;
  /** Words an option may be, by option index. */
  optionValues?: string[][];
  category: 'text' | 'escape' | 'encoding' | 'date' | 'version' | 'hash' | 'other';
}

const ENCODINGS = ['utf8', 'unicode'];
const URI_PARTS = [
  'AbsolutePath',
  'AbsoluteUri',
  'Authority',
  'DnsSafeHost',
  'Fragment',
  'Host',
  'HostAndPort',
  'HostNameType',
  'IsAbsoluteUri',
  'IsDefaultPort',
  'IsFile',
  'IsLoopback',
  'IsUnc',
  'Path',
  'PathAndQuery',
  'Port',
  'Query',
  'Scheme',
  'SchemeAndServer',
  'UserInfo',
];

export const FILTER_DOCS: readonly FilterDoc[] = [
  {
    name: 'ToUpper',
    options: '',
    category: 'text',
    description: 'Converts the value to upper case.',
    example: '#{Name | ToUpper}',
  },
  {
    name: 'ToLower',
    options: '',
    category: 'text',
    description: 'Converts the value to lower case.',
    example: '#{Name | ToLower}',
  },
  {
    name: 'ToBase64',
    options: '[encoding]',
    category: 'encoding',
    description: 'Encodes the value as Base64 (UTF-8 by default; `unicode` for UTF-16).',
    optionValues: [ENCODINGS],
  },
  {
    name: 'FromBase64',
    options: '[encoding]',
    category: 'encoding',
    description: 'Decodes a Base64 value (UTF-8 by default; `unicode` for UTF-16).',
    optionValues: [ENCODINGS],
  },
  { name: 'HtmlEscape', options: '', category: 'escape', description: 'Escapes HTML: `& < > " \' /` become entities.' },
  { name: 'XmlEscape', options: '', category: 'escape', description: 'Escapes XML: `& < > " \'` become entities.' },
  {
    name: 'JsonEscape',
    options: '',
    category: 'escape',
    description: 'Escapes the value for use inside a JSON string (`"`, `\\`, line breaks, tabs).',
  },
  {
    name: 'UriEscape',
    options: '',
    category: 'escape',
    description: 'Escapes the value as a URI (.NET `Uri.EscapeUriString`).',
  },
  {
    name: 'UriDataEscape',
    options: '',
    category: 'escape',
    description: 'Escapes the value for use as URI data, e.g. a query parameter (.NET `Uri.EscapeDataString`).',
  },
  {
    name: 'YamlSingleQuoteEscape',
    options: '',
    category: 'escape',
    description: "Escapes the value for use inside a single-quoted YAML string (`'` → `''`).",
  },
  {
    name: 'YamlDoubleQuoteEscape',
    options: '',
    category: 'escape',
    description: 'Escapes the value for use inside a double-quoted YAML string.',
  },
  {
    name: 'PropertiesKeyEscape',
    options: '',
    category: 'escape',
    description: 'Escapes the value for use as a key in a Java `.properties` file.',
  },
  {
    name: 'PropertiesValueEscape',
    options: '',
    category: 'escape',
    description: 'Escapes the value for use as a value in a Java `.properties` file.',
  },
  { name: 'Markdown', options: '', category: 'text', description: 'Converts Markdown to HTML.' },
  {
    name: 'MarkdownToHtml',
    options: '',
    category: 'text',
    description: 'Converts Markdown to HTML (same as `Markdown`).',
  },
  {
    name: 'NowDate',
    options: '[format]',
    category: 'date',
    description:
      "The current date and time, in the server's time zone; takes no value: `#{ | NowDate}`. The format is a .NET date format (default `O`).",
    example: '#{ | NowDate yyyy-MM-dd}',
  },
  {
    name: 'NowDateUtc',
    options: '[format]',
    category: 'date',
    description:
      'The current date and time in UTC; takes no value: `#{ | NowDateUtc}`. The format is a .NET date format (default `O`).',
    example: '#{ | NowDateUtc HH:mm}',
  },
  {
    name: 'AddDays',
    options: 'days',
    category: 'date',
    description:
      'Adds days (may be negative or fractional) to a date value; the result is in the round-trip `O` format.',
    example: '#{Deadline | AddDays 7}',
  },
  {
    name: 'AddHours',
    options: 'hours',
    category: 'date',
    description:
      'Adds hours (may be negative or fractional) to a date value; the result is in the round-trip `O` format.',
    example: '#{Start | AddHours -2}',
  },
  {
    name: 'Format',
    options: '[type] format',
    category: 'text',
    description:
      'Formats a number or date with a .NET format string; the type (`int`, `double`, `decimal`, `date`, `datetimeoffset`) is guessed when left out.',
    example: '#{Price | Format C}',
  },
  {
    name: 'Replace',
    options: 'pattern [replacement]',
    category: 'text',
    description:
      'Replaces each match of a .NET regular expression; `$1` refers to a group. The replacement defaults to nothing.',
    example: '#{Name | Replace "[^a-z]" "-"}',
  },
  {
    name: 'Match',
    options: 'pattern',
    category: 'text',
    description: '`true` when the value matches the .NET regular expression, else `false`.',
    example: '#{if Name | Match "^web"}…#{/if}',
  },
  {
    name: 'StartsWith',
    options: 'text',
    category: 'text',
    description: '`true` when the value starts with the text (case-sensitive), else `false`.',
  },
  {
    name: 'EndsWith',
    options: 'text',
    category: 'text',
    description: '`true` when the value ends with the text (case-sensitive), else `false`.',
  },
  {
    name: 'Contains',
    options: 'text',
    category: 'text',
    description: '`true` when the value contains the text (case-sensitive), else `false`.',
  },
  {
    name: 'Substring',
    options: '[start] length',
    category: 'text',
    description: 'Part of the value: `length` characters from the start, or from `start` (0-based).',
    example: '#{Octopus.Release.Number | Substring 0 5}',
  },
  {
    name: 'Truncate',
    options: 'length [suffix]',
    category: 'text',
    description: 'Cuts the value to `length` characters and appends the suffix (default `...`) when it was longer.',
    example: '#{Notes | Truncate 80}',
  },
  {
    name: 'Trim',
    options: '[start|end]',
    category: 'text',
    description: 'Removes white space from both ends, or only the start or the end.',
    optionValues: [['start', 'end']],
  },
  {
    name: 'Indent',
    options: '[size | initial/subsequent | text]',
    category: 'text',
    description:
      'Indents every line: by 4 spaces, by `size` spaces, by different amounts for the first and later lines (`2/4`), or with the given text.',
    example: '#{Config | Indent 2}',
  },
  {
    name: 'UriPart',
    options: 'part',
    category: 'text',
    description: 'One part of a URI value, e.g. `Host`, `Port`, `Path`, `Query`.',
    example: '#{Url | UriPart Host}',
    optionValues: [URI_PARTS],
  },
  {
    name: 'VersionMajor',
    options: '',
    category: 'version',
    description: 'The major number of a version value (`1` of `1.2.3`).',
  },
  {
    name: 'VersionMinor',
    options: '',
    category: 'version',
    description: 'The minor number of a version value (`2` of `1.2.3`).',
  },
  {
    name: 'VersionPatch',
    options: '',
    category: 'version',
    description: 'The patch number of a version value (`3` of `1.2.3`).',
  },
  {
    name: 'VersionRevision',
    options: '',
    category: 'version',
    description: 'The revision number of a version value (`4` of `1.2.3.4`).',
  },
  {
    name: 'VersionPreRelease',
    options: '',
    category: 'version',
    description: 'The pre-release tag of a version value (`beta.1` of `1.2.3-beta.1`).',
  },
  {
    name: 'VersionPreReleasePrefix',
    options: '',
    category: 'version',
    description: 'The pre-release tag without its counter (`beta` of `1.2.3-beta.1`).',
  },
  {
    name: 'VersionPreReleaseCounter',
    options: '',
    category: 'version',
    description: 'The pre-release counter (`1` of `1.2.3-beta.1`).',
  },
  {
    name: 'VersionMetadata',
    options: '',
    category: 'version',
    description: 'The build metadata of a version value (`abc` of `1.2.3+abc`).',
  },
  {
    name: 'Append',
    options: 'text…',
    category: 'text',
    description: 'Appends the options to the value (works without a value too: `#{ | Append x}`).',
  },
  { name: 'Prepend', options: 'text…', category: 'text', description: 'Puts the options before the value.' },
  {
    name: 'Md5',
    options: '[size] [encoding]',
    category: 'hash',
    description: 'The MD5 hash of the value, as lower-case hex; `size` keeps that many bytes of it.',
    optionValues: [[...ENCODINGS, 'base64']],
  },
  {
    name: 'Sha1',
    options: '[size] [encoding]',
    category: 'hash',
    description: 'The SHA-1 hash of the value, as lower-case hex; `size` keeps that many bytes of it.',
    optionValues: [[...ENCODINGS, 'base64']],
  },
  {
    name: 'Sha256',
    options: '[size] [encoding]',
    category: 'hash',
    description: 'The SHA-256 hash of the value, as lower-case hex; `size` keeps that many bytes of it.',
    optionValues: [[...ENCODINGS, 'base64']],
  },
  {
    name: 'Sha384',
    options: '[size] [encoding]',
    category: 'hash',
    description: 'The SHA-384 hash of the value, as lower-case hex; `size` keeps that many bytes of it.',
    optionValues: [[...ENCODINGS, 'base64']],
  },
  {
    name: 'Sha512',
    options: '[size] [encoding]',
    category: 'hash',
    description: 'The SHA-512 hash of the value, as lower-case hex; `size` keeps that many bytes of it.',
    optionValues: [[...ENCODINGS, 'base64']],
  },
  {
    name: 'null',
    options: '',
    category: 'other',
    description: 'Makes the whole value null (Octopus then treats the property as unset).',
  },
];

const byName = new Map(FILTER_DOCS.map((f) => [f.name.toLowerCase(), f]));

/** The filter a name refers to (case-insensitive, as Octostache looks filters up). */
export function findFilter(name: string): FilterDoc | undefined {
  return byName.get(name.toLowerCase());
}

export function filterMarkdown(name: string): string {
  const filter = findFilter(name);
  if (!filter) return '';
  const out = [`**${filterSignature(filter)}** — Octostache filter`, '', filter.description];
  if (filter.example) out.push('', `Example: \`${filter.example}\``);
  return out.join('\n');
}

/** `Truncate length [suffix]` */
export function filterSignature(filter: FilterDoc): string {
  return filter.options ? `${filter.name} ${filter.options}` : filter.name;
}

/** Snippet inserting a filter with tab stops for its required options. */
export function filterSnippet(filter: FilterDoc): string {
  const required = filter.options
    .split(' ')
    .filter((o) => o && !o.startsWith('[') && !o.endsWith(']') && !o.includes('…'));
  return [filter.name, ...required.map((o, i) => `\${${i + 1}:${o}}`)].join(' ');
}

/** What each tag word does, for completion and hover; every word but `in` (part of `#{each}`'s). */
export const TEMPLATE_KEYWORD_DOCS: Readonly<Record<Exclude<TemplateKeyword, 'in'>, KeywordDoc>> = {
  if: {
    detail: '#{if Condition}…#{/if}',
    description:
      'Renders its body when the condition is truthy (not empty, `0`, `false` or `no`), or when `A == B` / `A != B` holds. May have `#{elseif …}` and `#{else}` branches.',
  },
  unless: {
    detail: '#{unless Condition}…#{/unless}',
    description: 'Renders its body when the condition is falsy: the opposite of `#{if}`.',
  },
  each: {
    detail: '#{each item in Collection}…#{/each}',
    description:
      'Repeats its body for each item: the indexed children of a variable (`Servers[a]`, `Servers[b]`), the entries of a JSON array or object, or the comma-separated parts of a value. Inside, `#{Octopus.Template.Each.Index}`, `.First` and `.Last` tell where the loop is.',
  },
  calc: {
    detail: '#{calc Expression}',
    description:
      'Arithmetic with `+ - * /` and parentheses over numbers and variables; write `{Name}` for a name with `-` or `/` in it.',
  },
  else: {
    detail: '#{else}',
    description: 'The branch of an `#{if}` or `#{unless}` that renders when the condition does not hold.',
  },
  elseif: {
    detail: '#{elseif Condition}',
    description: 'A further condition of an `#{if}`, tried when the earlier ones do not hold.',
  },
  '/if': { detail: '#{/if}', description: 'Ends an `#{if}` block.' },
  '/unless': { detail: '#{/unless}', description: 'Ends an `#{unless}` block.' },
  '/each': { detail: '#{/each}', description: 'Ends an `#{each}` block.' },
};
