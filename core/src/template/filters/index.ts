/** Octostache's built-in filters. */
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

/** Octostache's built-in filters, named as documented: the one list of them. */
const BUILT_IN_FILTERS: readonly (readonly [name: string, filter: TemplateFilter])[] = [
  ['ToUpper', toUpper],
  ['ToLower', toLower],
  ['ToBase64', toBase64],
  ['FromBase64', fromBase64],
  ['HtmlEscape', htmlEscape],
  ['XmlEscape', xmlEscape],
  ['JsonEscape', jsonEscape],
  ['UriEscape', uriEscape],
  ['UriDataEscape', uriDataEscape],
  ['YamlSingleQuoteEscape', yamlSingleQuoteEscape],
  ['YamlDoubleQuoteEscape', yamlDoubleQuoteEscape],
  ['PropertiesKeyEscape', propertiesKeyEscape],
  ['PropertiesValueEscape', propertiesValueEscape],
  ['Markdown', markdownToHtml],
  ['MarkdownToHtml', markdownToHtml],
  ['NowDate', nowDate],
  ['NowDateUtc', nowDateUtc],
  ['AddDays', addDays],
  ['AddHours', addHours],
  ['Format', format],
  ['Replace', replace],
  ['Match', match],
  ['StartsWith', startsWith],
  ['EndsWith', endsWith],
  ['Contains', contains],
  ['Substring', substring],
  ['Truncate', truncate],
  ['Trim', trim],
  ['Indent', indent],
  ['UriPart', uriPart],
  ['VersionMajor', versionMajor],
  ['VersionMinor', versionMinor],
  ['VersionPatch', versionPatch],
  ['VersionRevision', versionRevision],
  ['VersionPreRelease', versionPreRelease],
  ['VersionPreReleasePrefix', versionPreReleasePrefix],
  ['VersionPreReleaseCounter', versionPreReleaseCounter],
  ['VersionMetadata', versionMetadata],
  ['Append', append],
  ['Prepend', prepend],
  ['Md5', md5],
  ['Sha1', sha1],
  ['Sha256', sha256],
  ['Sha384', sha384],
  ['Sha512', sha512],
  ['null', nullFilter],
];

/** The filters by lower-case name (filter names are case-insensitive). */
export const builtInFilters: ReadonlyMap<string, TemplateFilter> = new Map(
  BUILT_IN_FILTERS.map(([name, filter]) => [name.toLowerCase(), filter]),
);

/** Names of the built-in filters as documented, for completion and "unknown filter" checks. */
export const builtInFilterNames: readonly string[] = BUILT_IN_FILTERS.map(([name]) => name);

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
