/** The short action types of the file format and the Octopus `ActionType` each stands for. */
export const SHORT_ACTION_TYPES: Readonly<Record<string, string>> = {
  script: 'Octopus.Script',
  manual: 'Octopus.Manual',
  email: 'Octopus.Email',
  'deploy-package': 'Octopus.TentaclePackage',
};

/** Octopus `ActionType` for a type as written, or undefined when it is neither short nor `Octopus.*`. */
export function toOctopusActionType(type: string): string | undefined {
  if (Object.hasOwn(SHORT_ACTION_TYPES, type)) return SHORT_ACTION_TYPES[type];
  return /^Octopus\.[A-Za-z0-9.]+$/.test(type) ? type : undefined;
}

/** Fields an action of each short type must have, with the words used when one is missing. */
export const REQUIRED_FIELDS: Readonly<Record<string, { key: string; what: string }[]>> = {
  script: [{ key: 'script', what: 'a script body (`script:`)' }],
  manual: [{ key: 'instructions', what: 'instructions for the person approving (`instructions:`)' }],
  email: [{ key: 'to', what: 'a recipient (`to:`)' }],
  'deploy-package': [{ key: 'package', what: 'a package (`package: { id: …, feed: … }`)' }],
};

export const SCRIPT_SYNTAX_NAMES: Readonly<Record<string, string>> = {
  bash: 'Bash',
  powershell: 'PowerShell',
  python: 'Python',
  csharp: 'CSharp',
  fsharp: 'FSharp',
};
