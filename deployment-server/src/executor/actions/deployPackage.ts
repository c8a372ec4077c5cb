import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isBuiltInFeed } from '@stepwise/core/preview';
import { evaluateTemplate } from '@stepwise/core/template';
import { BUILT_IN_FEED_ID } from '../../resources/types';
import { extractPackage } from '../../packages/formats';
import { matchFiles } from '../packages/globs';
import { purgeRefusal } from '../packages/purgeGuard';
import { replaceStructuredVariables, StructuredVariablesError } from '../packages/structuredVariables';
import type { ActionHandler, ActionOutcome, ActionSite, ExecutorServices } from '../types';
import { executeScript } from './script';

type ConventionScript = 'PreDeploy' | 'Deploy' | 'PostDeploy';
const SCRIPT_SYNTAX: Record<string, string> = { '.sh': 'Bash', '.py': 'Python', '.ps1': 'PowerShell' };

/**
 * `Octopus.TentaclePackage` ("Deploy a package"), as Calamari does it: find the release's version
 * in the built-in feed, extract it into the custom installation directory (or
 * `DATA/targets/<target>/Applications/<environment>/<package>/<version>`), run its PreDeploy
 * script, substitute variables in the listed files, apply structured variables to JSON and YAML
 * files, then run its Deploy and PostDeploy scripts.
 */
export const runDeployPackage: ActionHandler = async (site, services) => {
  const { run, properties, activity } = site;
  const reference = site.resource.Packages?.[0];
  const packageId = properties['Octopus.Action.Package.PackageId'] || reference?.PackageId;
  const feedId = properties['Octopus.Action.Package.FeedId'] || reference?.FeedId || BUILT_IN_FEED_ID;
  if (!packageId) return failed('The step names no package (Octopus.Action.Package.PackageId).');
  if (!isBuiltInFeed(feedId))
    return failed(
      `Package ${packageId} comes from feed '${feedId}'; the Stepwise server can only deploy packages from its built-in feed (${BUILT_IN_FEED_ID}).`,
    );
  const version = run.release.SelectedPackages.find((p) => p.ActionName === site.action.name)?.Version;
  if (!version)
    return failed(
      `Release ${run.release.Version} has no version selected for package ${packageId} of step '${site.action.name}'.`,
    );
  const pkg = services.feed.find(run.task.space_id, packageId, version);
  if (!pkg)
    return failed(
      `Package ${packageId} ${version} is not in the built-in feed. Upload it (POST /api/${run.task.space_id}/packages/raw) and deploy again.`,
    );
  activity.info(
    `Acquired package ${pkg.PackageId} ${pkg.Version} from the built-in feed (${pkg.PackageSizeBytes} bytes, SHA1 ${pkg.Hash}).`,
  );

  const features = (properties['Octopus.Action.EnabledFeatures'] ?? '').split(',').map((f) => f.trim());
  const custom = features.includes('Octopus.Features.CustomDirectory')
    ? properties['Octopus.Action.Package.CustomInstallationDirectory']?.trim()
    : undefined;
  let installDir: string;
  if (custom) {
    if (!path.isAbsolute(custom))
      return failed(`The custom installation directory '${custom}' must be an absolute path.`);
    installDir = path.resolve(custom);
    if (
      /^true$/i.test(
        properties['Octopus.Action.Package.CustomInstallationDirectoryShouldBePurgedBeforeDeployment'] ?? '',
      )
    ) {
      const refusal = purgeRefusal(installDir, { dataDir: services.dataDir, workspace: services.workspace });
      if (refusal) return failed(refusal);
      activity.info(`Purging ${installDir}`);
      for (const entry of existsSync(installDir) ? readdirSync(installDir) : [])
        rmSync(path.join(installDir, entry), { recursive: true, force: true });
    }
  } else {
    const base = path.join(
      services.dataDir,
      'targets',
      safeName(site.machineName),
      'Applications',
      safeName(run.environment.Name),
      safeName(pkg.PackageId),
      safeName(pkg.Version),
    );
    installDir = base;
    for (let n = 1; existsSync(installDir); n++) installDir = `${base}_${n}`;
  }
  activity.info(`Extracting package to ${installDir}`);
  try {
    const files = await extractPackage(services.feed.filePath(pkg), pkg.FileExtension, installDir);
    activity.info(`Extracted ${files} file${files === 1 ? '' : 's'}.`);
  } catch (error) {
    return failed(`Could not extract ${pkg.PackageId} ${pkg.Version}: ${(error as Error).message}`);
  }
  site.setOutput('Package.InstallationDirectoryPath', installDir, false);
  const packageVariables = {
    'Octopus.Action.Package.InstallationDirectoryPath': installDir,
    OctopusOriginalPackageDirectoryPath: installDir,
  };

  const preDeploy = await conventionScript(site, services, installDir, 'PreDeploy', packageVariables);
  if (preDeploy.status !== 'success') return preDeploy;

  if (features.includes('Octopus.Features.SubstituteInFiles')) {
    const patterns = lines(properties['Octopus.Action.SubstituteInFiles.TargetFiles']);
    for (const pattern of patterns) {
      const matches = matchFiles(installDir, pattern);
      if (!matches.length)
        activity.warn(`No files were found that match the substitution target pattern '${pattern}'.`);
      for (const file of matches) {
        activity.info(`Performing variable substitution on '${path.relative(installDir, file)}'`);
        const { result, errors } = evaluateTemplate(readFileSync(file, 'utf8'), site.dictionary, {
          haltOnError: false,
        });
        for (const error of errors) activity.warn(`${path.relative(installDir, file)}: ${error}`);
        if (result !== null) writeFileSync(file, result);
      }
    }
  }

  const structuredPatterns = lines(properties['Octopus.Action.Package.JsonConfigurationVariablesTargets']);
  const structuredEnabled =
    features.includes('Octopus.Features.JsonConfigurationVariables') ||
    features.includes('Octopus.Features.StructuredConfigurationVariables');
  if (structuredEnabled && structuredPatterns.length) {
    const variables = site.evaluatedVariables();
    for (const pattern of structuredPatterns) {
      const matches = matchFiles(installDir, pattern);
      if (!matches.length)
        return failed(`No files were found that match the structured configuration pattern '${pattern}'.`);
      for (const file of matches) {
        try {
          const { format, replaced } = replaceStructuredVariables(file, variables);
          activity.info(
            `Structured variable replacement in ${format.toUpperCase()} file '${path.relative(installDir, file)}': ${replaced.length ? replaced.join(', ') : 'no matching variables'}`,
          );
        } catch (error) {
          if (error instanceof StructuredVariablesError) return failed(error.message);
          throw error;
        }
      }
    }
  }

  const deploy = await conventionScript(site, services, installDir, 'Deploy', packageVariables);
  if (deploy.status !== 'success') return deploy;
  const postDeploy = await conventionScript(site, services, installDir, 'PostDeploy', packageVariables);
  if (postDeploy.status !== 'success') return postDeploy;
  activity.info(`Successfully deployed ${pkg.PackageId} ${pkg.Version} to ${installDir}`);
  return { status: 'success' };
};

/** Runs `PreDeploy.sh` / `Deploy.py` / `PostDeploy.ps1`… from the package root, when it has one. */
async function conventionScript(
  site: ActionSite,
  services: ExecutorServices,
  installDir: string,
  name: ConventionScript,
  extra: Record<string, string>,
): Promise<ActionOutcome> {
  const found = readdirSync(installDir).find(
    (f) => path.parse(f).name.toLowerCase() === name.toLowerCase() && SCRIPT_SYNTAX[path.extname(f).toLowerCase()],
  );
  if (!found) return { status: 'success' };
  site.activity.info(`Running ${found} from the package`);
  const withPackage: ActionSite = {
    ...site,
    evaluatedVariables: () => new Map([...site.evaluatedVariables(), ...Object.entries(extra)]),
  };
  const body = readFileSync(path.join(installDir, found), 'utf8');
  const outcome = await executeScript(
    withPackage,
    services,
    SCRIPT_SYNTAX[path.extname(found).toLowerCase()],
    body,
    installDir,
  );
  return outcome.status === 'failed' ? { status: 'failed', message: `${found}: ${outcome.message}` } : outcome;
}

function failed(message: string): ActionOutcome {
  return { status: 'failed', message };
}

function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_') || '_';
}
