/**
 * What the local Stepwise server can run, action type by action type, and why it cannot run the
 * rest. Package references of any action are acquired from the built-in feed (or need nothing
 * when NotAcquired); one on an external feed the server cannot reach stops the action. The preview marks actions with this before anyone deploys, and the server refuses them
 * with the same words when it reaches them, so neither ever calls work done that was not done.
 */

/** What the server runs, by Octopus `ActionType`, in words for messages and the README. */
export const LOCALLY_RUNNABLE: Readonly<Record<string, string>> = {
  'Octopus.Script': 'inline Bash, Python or PowerShell scripts',
  'Octopus.Manual': 'manual interventions',
  'Octopus.Email': 'emails to addresses',
  'Octopus.TentaclePackage': 'package deployments from the built-in feed',
};

/** Octopus's built-in feed: its id, its slug (process files, current OCL), and the name older OCL files write. */
export const BUILT_IN_FEED_NAMES: readonly string[] = [
  'feeds-builtin',
  'octopus-server-built-in',
  'builtin',
  'built-in',
  'Octopus Server (built-in)',
];

export function isBuiltInFeed(feed: string | undefined): boolean {
  const f = (feed ?? '').trim().toLowerCase();
  return !f || BUILT_IN_FEED_NAMES.some((n) => n.toLowerCase() === f);
}

/** Package-deployment features the server carries out (`Octopus.Action.EnabledFeatures`). */
export const LOCAL_PACKAGE_FEATURES: ReadonlySet<string> = new Set([
  'Octopus.Features.CustomDirectory',
  'Octopus.Features.SubstituteInFiles',
  'Octopus.Features.JsonConfigurationVariables',
  'Octopus.Features.StructuredConfigurationVariables',
]);

/** The parts of an action that decide whether the server can run it, from the model or from an API resource. */
export interface ExecutionShape {
  actionType: string | undefined;
  /** Property values as written or evaluated (only their presence and a few plain values matter). */
  property(name: string): string | undefined;
  /** Package references other than a package step's own package. */
  packages: { name: string; id: string; feed: string; acquisitionLocation?: string }[];
  containerImage?: string;
  gitDependencies: number;
}

const A_REAL_OCTOPUS = 'a real Octopus Server (with Calamari and a worker or target) runs it';

/**
 * Why the local server cannot run this action, or undefined when it can. Scripts that need a
 * runtime missing on this machine are reported when they run (it depends on the machine).
 */
export function localRunBlocker(shape: ExecutionShape): string | undefined {
  const templateId = shape.property('Octopus.Action.Template.Id')?.trim();
  // An expanded template action (or one from an Octopus API, which copies the template in) carries its content.
  if (templateId && !carriesContent(shape)) {
    const version = shape.property('Octopus.Action.Template.Version')?.trim();
    return `This action is built from step template ${templateId}${version ? ` (version ${version})` : ''}, which the space does not declare, so the Stepwise server does not know what it runs; declare the template under step-templates in the space file (or import its JSON export with \`stepwise template import\`), or ${A_REAL_OCTOPUS.replace(' runs it', ' runs the template')}.`;
  }
  const type = shape.actionType;
  if (!type || !Object.hasOwn(LOCALLY_RUNNABLE, type)) {
    return `The Stepwise server cannot run ${type ?? 'this kind of'} steps; ${A_REAL_OCTOPUS}. The Stepwise server runs ${Object.entries(
      LOCALLY_RUNNABLE,
    )
      .map(([t, what]) => `${what} (${t})`)
      .join(', ')}.`;
  }
  if (shape.containerImage?.trim()) {
    return `This action runs in the execution container ${shape.containerImage.trim()}; the Stepwise server does not run execution containers (${A_REAL_OCTOPUS} in the container).`;
  }
  if (shape.gitDependencies > 0)
    return `This action uses git dependencies, which the Stepwise server does not check out; ${A_REAL_OCTOPUS}.`;
  if (type === 'Octopus.Script') {
    const source = shape.property('Octopus.Action.Script.ScriptSource')?.trim();
    if (source && source.toLowerCase() !== 'inline') {
      return `The script comes from a package (ScriptSource ${source}); the Stepwise server runs inline scripts only, so put the script inline or let ${A_REAL_OCTOPUS.replace(' runs it', ' run it')}.`;
    }
    const syntax = shape.property('Octopus.Action.Script.Syntax')?.trim().toLowerCase();
    if (syntax === 'csharp' || syntax === 'fsharp') {
      return `${syntax === 'csharp' ? 'CSharp' : 'FSharp'} scripts are not supported by the Stepwise server (Octopus runs them with dotnet-script); use bash, Python or PowerShell, or let ${A_REAL_OCTOPUS.replace(' runs it', ' run it')}.`;
    }
  }
  // Packages the action needs on disk: the server has them only when they are in its built-in feed.
  const unreachable = shape.packages.filter((p) => p.acquisitionLocation !== 'NotAcquired' && !isBuiltInFeed(p.feed));
  if (unreachable.length && !(type === 'Octopus.TentaclePackage' && unreachable.every((p) => !p.name))) {
    const p = unreachable[0];
    return `The Stepwise server cannot reach external feed ${p.feed} for package ${p.name ? `${p.name} (${p.id})` : p.id}: it acquires packages from its built-in feed only. A real Octopus Server would download ${p.id} from ${p.feed} and run the step; to run it here, upload the package to the built-in feed and reference it from there (feed octopus-server-built-in), or mark the reference NotAcquired if the step only needs its name and version.`;
  }
  if (type === 'Octopus.TentaclePackage') {
    const feed = shape.property('Octopus.Action.Package.FeedId') ?? shape.packages.find((p) => !p.name)?.feed;
    if (!isBuiltInFeed(feed)) {
      return `The package comes from feed '${feed}'; the Stepwise server deploys packages from its built-in feed only and cannot reach an external feed, so upload the package to it or let ${A_REAL_OCTOPUS.replace(' runs it', ' run it')}.`;
    }
    const unsupported = (shape.property('Octopus.Action.EnabledFeatures') ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f && !LOCAL_PACKAGE_FEATURES.has(f));
    if (unsupported.length) {
      return `The Stepwise server does not carry out ${unsupported.join(', ')}; it does ${[...LOCAL_PACKAGE_FEATURES].join(', ')}. ${A_REAL_OCTOPUS[0].toUpperCase()}${A_REAL_OCTOPUS.slice(1)}.`;
    }
  }
  if (type === 'Octopus.Email') {
    const to = shape.property('Octopus.Action.Email.To')?.trim();
    const teams = shape.property('Octopus.Action.Email.ToTeamIds')?.trim();
    if (!to && teams) {
      return `The email is addressed only to teams (${teams}); the Stepwise server has no users or teams to resolve to addresses, so add an address (Octopus.Action.Email.To / \`to:\`) or let a real Octopus Server send it.`;
    }
    if (!to) return 'The email step has no recipient (Octopus.Action.Email.To).';
  }
  return undefined;
}

/** Whether a runnable action type has what it runs (a script body, instructions, a recipient, a package). */
function carriesContent(shape: ExecutionShape): boolean {
  const has = (...names: string[]) => names.some((n) => shape.property(n)?.trim());
  switch (shape.actionType) {
    case 'Octopus.Script':
      return (
        has('Octopus.Action.Script.ScriptBody') ||
        shape.property('Octopus.Action.Script.ScriptSource')?.trim().toLowerCase() === 'package'
      );
    case 'Octopus.Manual':
      return has('Octopus.Action.Manual.Instructions');
    case 'Octopus.Email':
      return has(
        'Octopus.Action.Email.To',
        'Octopus.Action.Email.ToTeamIds',
        'Octopus.Action.Email.Subject',
        'Octopus.Action.Email.Body',
      );
    case 'Octopus.TentaclePackage':
      return has('Octopus.Action.Package.PackageId');
    default:
      return !!shape.actionType;
  }
}

/** The execution shape of a model action (preview, validate). */
export function shapeOfAction(action: {
  actionType: string | undefined;
  properties: ReadonlyMap<string, { value: string }>;
  packages: readonly { name: string; id: string; feed: string; acquisitionLocation?: string }[];
  container?: { image?: string };
  gitDependencies: readonly unknown[];
}): ExecutionShape {
  return {
    actionType: action.actionType,
    property: (name) => action.properties.get(name)?.value,
    packages: action.packages
      .filter((p) => p.name || action.actionType !== 'Octopus.TentaclePackage')
      .map((p) => ({ name: p.name, id: p.id, feed: p.feed, acquisitionLocation: p.acquisitionLocation })),
    containerImage: action.container?.image,
    gitDependencies: action.gitDependencies.length,
  };
}
