/** Octostache's built-in filters by lower-case name (filter names are case-insensitive). */
import { addDays, addHours, nowDate, nowDateUtc } from './dates';
import { fromBase64, md5, sha1, sha256, sha384, sha512, toBase64 } from './encoding';
import {
  htmlEscape,
  jsonEscape,
  propertiesKeyEscape,
  propertiesValueEscape,
  uriDataEscape,
  uriEscape,
  xmlEscape,
  yamlDoubleQuoteEscape,
  yamlSingleQuoteEscape,
} from './escape';
import { format } from './format';
import { markdownToHtml } from './markdown';
import {
  append,
  contains,
  endsWith,
  indent,
  match,
  prepend,
  replace,
  startsWith,
  substring,
  toLower,
  toUpper,
  trim,
  truncate,
} from './text';
import type { FilterContext, TemplateFilter } from './types';
import { uriPart } from './uri';
import {
  versionMajor,
  versionMetadata,
  versionMinor,
  versionPatch,
  versionPreRelease,
  versionPreReleaseCounter,
  versionPreReleasePrefix,
  versionRevision,
} from './version';

export type { FilterContext, TemplateFilter } from './types';

/** `#{ | null}` makes the whole evaluation return null; the evaluator handles that. */
const nullFilter: TemplateFilter = () => null;

export const builtInFilters: ReadonlyMap<string, TemplateFilter> = new Map<string, TemplateFilter>([
  ['toupper', toUpper],
  ['tolower', toLower],
  ['tobase64', toBase64],
  ['frombase64', fromBase64],
  ['htmlescape', htmlEscape],
  ['xmlescape', xmlEscape],
  ['jsonescape', jsonEscape],
  ['uriescape', uriEscape],
  ['uridataescape', uriDataEscape],
  ['yamlsinglequoteescape', yamlSingleQuoteEscape],
  ['yamldoublequoteescape', yamlDoubleQuoteEscape],
  ['propertieskeyescape', propertiesKeyEscape],
  ['propertiesvalueescape', propertiesValueEscape],
  ['markdown', markdownToHtml],
  ['markdowntohtml', markdownToHtml],
  ['nowdate', nowDate],
  ['nowdateutc', nowDateUtc],
  ['adddays', addDays],
  ['addhours', addHours],
  ['format', format],
  ['replace', replace],
  ['match', match],
  ['startswith', startsWith],
  ['endswith', endsWith],
  ['contains', contains],
  ['substring', substring],
  ['truncate', truncate],
  ['trim', trim],
  ['indent', indent],
  ['uripart', uriPart],
  ['versionmajor', versionMajor],
  ['versionminor', versionMinor],
  ['versionpatch', versionPatch],
  ['versionrevision', versionRevision],
  ['versionprerelease', versionPreRelease],
  ['versionprereleaseprefix', versionPreReleasePrefix],
  ['versionprereleasecounter', versionPreReleaseCounter],
  ['versionmetadata', versionMetadata],
  ['append', append],
  ['prepend', prepend],
  ['md5', md5],
  ['sha1', sha1],
  ['sha256', sha256],
  ['sha384', sha384],
  ['sha512', sha512],
  ['null', nullFilter],
]);

/** Names of the built-in filters as documented, for completion and "unknown filter" checks. */
export const builtInFilterNames: readonly string[] = [
  'ToUpper',
  'ToLower',
  'ToBase64',
  'FromBase64',
  'HtmlEscape',
  'XmlEscape',
  'JsonEscape',
  'UriEscape',
  'UriDataEscape',
  'YamlSingleQuoteEscape',
  'YamlDoubleQuoteEscape',
  'PropertiesKeyEscape',
  'PropertiesValueEscape',
  'Markdown',
  'MarkdownToHtml',
  'NowDate',
  'NowDateUtc',
  'AddDays',
  'AddHours',
  'Format',
  'Replace',
  'Match',
  'StartsWith',
  'EndsWith',
  'Contains',
  'Substring',
  'Truncate',
  'Trim',
  'Indent',
  'UriPart',
  'VersionMajor',
  'VersionMinor',
  'VersionPatch',
  'VersionRevision',
  'VersionPreRelease',
  'VersionPreReleasePrefix',
  'VersionPreReleaseCounter',
  'VersionMetadata',
  'Append',
  'Prepend',
  'Md5',
  'Sha1',
  'Sha256',
  'Sha384',
  'Sha512',
  'null',
];

export function invokeFilter(
  name: string,
  argument: string | null,
  options: string[],
  context: FilterContext,
  extra?: ReadonlyMap<string, TemplateFilter>,
): string | null {
  // Built-ins first; a custom filter is consulted only when the built-in gives no value.
  const key = name.toLowerCase();
  const builtIn = builtInFilters.get(key);
  const result = builtIn ? builtIn(argument, options, context) : null;
  if (result !== null) return result;
  const custom = extra?.get(key);
  return custom ? custom(argument, options, context) : null;
}
