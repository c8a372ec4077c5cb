import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A small space as Octopus users have it: Development → Test → Production, a web app deployed
 * from a package of the built-in feed (`webapp`, into `install/<environment>`), and a script step.
 */
export function writeOctopusWorkspace(dir: string, installRoot: string): string {
  const files: Record<string, string> = {
    '.octopus/space.yaml': `
environments: [Development, Test, Production]
lifecycles:
  - name: Standard
    phases:
      - { name: Development, environments: [Development] }
      - { name: Test, environments: [Test] }
      - { name: Production, environments: [Production] }
targets:
  - { name: web01, environments: [Development, Test, Production], roles: [web] }
variable-sets:
  - name: Shared
    variables:
      Greeting: Hello
`,
    'webapp.process.yaml': `
project: webapp
lifecycle: Standard
variable-sets: [Shared]
variables:
  AppTitle: Web App
  Note:
    prompt: { label: Deployment note }
    value: none
steps:
  - name: Deploy webapp
    type: deploy-package
    package: { id: webapp }
    features:
      custom-install-directory: "${installRoot}/#{Octopus.Environment.Name}"
  - name: Say done
    type: script
    script: 'echo "#{Greeting}, #{AppTitle} #{Octopus.Release.Number} is in #{Octopus.Environment.Name} (note: #{Note})"'
`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
