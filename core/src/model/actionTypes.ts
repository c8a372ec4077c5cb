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

/**
 * Fields an action of each short type must have, with the words used when one is missing, and
 * the Octopus properties that carry it: a field is there when the key is written or one of its
 * properties is set under `properties:` (`Octopus.Action.Email.ToTeamIds` addresses teams).
 */
export const REQUIRED_FIELDS: Readonly<Record<string, { key: string; what: string; properties: string[] }[]>> = {
  script: [{ key: 'script', what: 'a script body (`script:`)', properties: ['Octopus.Action.Script.ScriptBody'] }],
  manual: [
    {
      key: 'instructions',
      what: 'instructions for the person approving (`instructions:`)',
      properties: ['Octopus.Action.Manual.Instructions'],
    },
  ],
  email: [
    {
      key: 'to',
      what: 'a recipient (`to:`)',
      properties: ['Octopus.Action.Email.To', 'Octopus.Action.Email.ToTeamIds'],
    },
  ],
  'deploy-package': [
    {
      key: 'package',
      what: 'a package (`package: { id: …, feed: … }`)',
      properties: ['Octopus.Action.Package.PackageId'],
    },
  ],
};

/**
 * Whether Octopus fills an action's fields from elsewhere, so none of them can be missing: a step
 * template (`Octopus.Action.Template.Id`) brings its own script and properties, and a script
 * whose source is a package (`Octopus.Action.Script.ScriptSource: Package`) has no inline body.
 */
export function fieldsComeFromElsewhere(properties: ReadonlyMap<string, { value: string }>, key: string): boolean {
  if (properties.get('Octopus.Action.Template.Id')?.value.trim()) return true;
  return (
    key === 'script' && properties.get('Octopus.Action.Script.ScriptSource')?.value.trim().toLowerCase() === 'package'
  );
}

export const SCRIPT_SYNTAX_NAMES: Readonly<Record<string, string>> = {
  bash: 'Bash',
  powershell: 'PowerShell',
  python: 'Python',
  csharp: 'CSharp',
  fsharp: 'FSharp',
};
