import type { FileKind } from './schemas';

/** How messages talk about one place in a file. */
export interface Place {
  /** The object at this place in a sentence, lowercase with its article: "a step", "variable `Greeting`". */
  noun?: string;
  /** What the value must be, completing "… must be ___": "a list of steps". */
  expect?: string;
  /** Names an unknown key here ("Unknown feature `x`") instead of "Unknown property `x` in …". */
  unknownKeyWord?: string;
}

// Pattern segments: `*` matches any one segment, `#` a list index; `$1`, `$2` in a noun stand
// for what the wildcards matched, in order.
type PlaceTable = ReadonlyArray<readonly [pattern: string, place: Place]>;

const VARIABLE_EXPECT = 'text, a number, true or false, a list of scoped values, or a mapping with `value:`';

function variablePlaces(prefix: string, name: string): PlaceTable {
  const variable = `variable \`${name}\``;
  return [
    [prefix, { noun: 'the variables', expect: 'a mapping of variable names to values' }],
    [`${prefix}/*`, { noun: variable, expect: VARIABLE_EXPECT }],
    [
      `${prefix}/*/prompt`,
      { noun: `the prompt of ${variable}`, expect: 'a mapping like `{ label: …, required: true }`' },
    ],
    [`${prefix}/*/value`, { expect: 'text, a number, or true or false' }],
    [`${prefix}/*/#`, { noun: `a value of ${variable}`, expect: 'a mapping like `{ value: …, environment: … }`' }],
    [
      `${prefix}/*/#/prompt`,
      { noun: `the prompt of ${variable}`, expect: 'a mapping like `{ label: …, required: true }`' },
    ],
    [`${prefix}/*/#/value`, { expect: 'text, a number, or true or false' }],
    [`${prefix}/*/values`, { expect: 'a list of scoped values like `- { value: …, environment: … }`' }],
    [
      `${prefix}/*/values/#`,
      { noun: `a value of ${variable}`, expect: 'a mapping like `{ value: …, environment: … }`' },
    ],
    [`${prefix}/*/values/#/value`, { expect: 'text, a number, or true or false' }],
  ];
}

function actionPlaces(prefix: string): PlaceTable {
  return [
    [
      `${prefix}/type`,
      { expect: 'an action type: script, manual, email, deploy-package, or a full Octopus type like Octopus.Script' },
    ],
    [`${prefix}/package`, { noun: 'the package', expect: 'a mapping like `{ id: Acme.Web, feed: … }`' }],
    [
      `${prefix}/features`,
      { noun: 'the features', expect: 'a mapping of feature settings', unknownKeyWord: 'feature' },
    ],
    [`${prefix}/properties`, { noun: 'the properties', expect: 'a mapping of Octopus property names to text' }],
    [`${prefix}/to`, { expect: 'text, with several addresses separated by commas' }],
  ];
}

const PLACES: Record<FileKind, PlaceTable> = {
  process: [
    ['', { noun: 'the process file', expect: 'a mapping with `project:` and `steps:`' }],
    ['channels', { expect: 'a list of channels, each with a `name:`' }],
    ['channels/#', { noun: 'a channel', expect: 'a mapping with `name:` and `lifecycle:`' }],
    ...variablePlaces('variables', '$1'),
    ['steps', { expect: 'a list of steps' }],
    ['steps/#', { noun: 'a step', expect: 'a mapping with `name:` and `type:`' }],
    ['steps/#/actions', { expect: 'a list of actions' }],
    ['steps/#/actions/#', { noun: 'an action', expect: 'a mapping with `name:` and `type:`' }],
    ['steps/#/condition', { noun: 'the condition' }],
    ...actionPlaces('steps/#'),
    ...actionPlaces('steps/#/actions/#'),
  ],
  space: [
    ['', { noun: 'the space file', expect: 'a mapping with `environments:`, `lifecycles:` and `targets:`' }],
    ['lifecycles', { expect: 'a list of lifecycles, each with a `name:`' }],
    ['lifecycles/#', { noun: 'a lifecycle', expect: 'a mapping with `name:` and `phases:`' }],
    ['lifecycles/#/phases', { expect: 'a list of phases' }],
    ['lifecycles/#/phases/#', { noun: 'a phase', expect: 'a mapping with `name:` and `environments:`' }],
    ['lifecycles/#/phases/#/minimum-environments', { expect: 'a whole number, 0 or more' }],
    ['targets', { expect: 'a list of deployment targets, each with a `name:`' }],
    ['targets/#', { noun: 'a target', expect: 'a mapping with `name:`, `environments:` and `roles:`' }],
    ['variable-sets', { expect: 'a list of variable sets, each with a `name:`' }],
    ['variable-sets/#', { noun: 'a variable set', expect: 'a mapping with `name:` and `variables:`' }],
    ...variablePlaces('variable-sets/#/variables', '$2'),
  ],
};

export function placeAt(kind: FileKind, segments: readonly string[]): Place {
  for (const [pattern, place] of PLACES[kind]) {
    const captures = matchPattern(pattern, segments);
    if (captures)
      return place.noun
        ? { ...place, noun: place.noun.replace(/\$(\d)/g, (_, i) => captures[Number(i) - 1] ?? '') }
        : place;
  }
  return {};
}

function matchPattern(pattern: string, segments: readonly string[]): string[] | undefined {
  const parts = pattern === '' ? [] : pattern.split('/');
  if (parts.length !== segments.length) return undefined;
  const captures: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const segment = segments[i];
    if (part === '*' || (part === '#' && /^\d+$/.test(segment))) captures.push(segment);
    else if (part !== segment) return undefined;
  }
  return captures;
}

/** Names by the key that holds them: [one, several]. */
const NAME_WORDS: Record<string, readonly [string, string]> = {
  lifecycle: ['a lifecycle name', 'lifecycle names'],
  roles: ['a role name', 'role names'],
  role: ['a role name', 'role names'],
  environments: ['an environment name', 'environment names'],
  'excluded-environments': ['an environment name', 'environment names'],
  automatic: ['an environment name', 'environment names'],
  environment: ['an environment name', 'environment names'],
  channels: ['a channel name', 'channel names'],
  channel: ['a channel name', 'channel names'],
  'tenant-tags': ['a tenant tag', 'tenant tags'],
  'tenant-tag': ['a tenant tag', 'tenant tags'],
  'responsible-teams': ['a team name', 'team names'],
  target: ['a target name', 'target names'],
  step: ['a step or action name', 'step or action names'],
  'variable-sets': ['a variable set name', 'variable set names'],
  'substitute-variables-in-files': ['a file path or pattern', 'file paths or patterns'],
  'structured-variables': ['a file path or pattern', 'file paths or patterns'],
  'custom-install-directory': ['a directory path', 'directory paths'],
  id: ['a package ID', 'package IDs'],
  feed: ['a feed name', 'feed names'],
};

/** What the value at `segments` must be, for "… must be ___", given the JSON types the schema allows there. */
export function expectedValue(kind: FileKind, segments: readonly string[], types: readonly string[]): string {
  const place = placeAt(kind, segments);
  if (place.expect) return place.expect;
  const last = segments[segments.length - 1] ?? '';
  const isEntry = /^\d+$/.test(last);
  const names = NAME_WORDS[isEntry ? (segments[segments.length - 2] ?? '') : last];
  const set = new Set(types);
  if (names && set.has('string') && set.has('array') && set.size === 2) return `${names[0]} or a list of them`;
  const words = [...set].map((type) => {
    switch (type) {
      case 'string':
        return names ? names[0] : 'text';
      case 'array':
        return names ? `a list of ${names[1]}` : 'a list';
      case 'object':
        return 'a mapping (`key: value` lines)';
      case 'boolean':
        return 'true or false';
      case 'integer':
        return 'a whole number';
      case 'number':
        return 'a number';
      default:
        return type;
    }
  });
  return joinWords(words, 'or');
}

/** The subject of a sentence about the value at `segments`: "A step", "`script`", "Each entry of `roles`". */
export function subjectAt(kind: FileKind, segments: readonly string[]): string {
  const place = placeAt(kind, segments);
  if (place.noun) return capitalize(place.noun);
  const last = segments[segments.length - 1];
  if (last === undefined) return kind === 'process' ? 'The process file' : 'The space file';
  if (/^\d+$/.test(last) && segments.length > 1) return `Each entry of \`${segments[segments.length - 2]}\``;
  return `\`${last}\``;
}

/** The object at `segments` inside a sentence: "a step", "`package`". */
export function objectAt(kind: FileKind, segments: readonly string[]): string {
  const place = placeAt(kind, segments);
  if (place.noun) return place.noun;
  const last = segments[segments.length - 1];
  if (last === undefined) return kind === 'process' ? 'the process file' : 'the space file';
  if (/^\d+$/.test(last) && segments.length > 1) return `an entry of \`${segments[segments.length - 2]}\``;
  return `\`${last}\``;
}

/** "a `name`", "an `id`", "`actions`" (a plural key takes no article). */
export function withArticle(key: string): string {
  if (/s$/.test(key) && !/ss$/.test(key)) return `\`${key}\``;
  return `${/^[aeiou]/i.test(key) ? 'an' : 'a'} \`${key}\``;
}

export function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words[0] ?? '';
  if (words.length === 2) return `${words[0]} ${conjunction} ${words[1]}`;
  return `${words.slice(0, -1).join(', ')}, ${conjunction} ${words[words.length - 1]}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
