import type { Project } from './types';

/** A project with nothing in it: what a reader fills in, and what stands in for one that cannot be read. */
export function emptyProject(name = ''): Project {
  return {
    name,
    nameRange: undefined,
    lifecycle: undefined,
    channels: [],
    variableSets: [],
    variables: [],
    process: { steps: [], processTemplates: [] },
    runbooks: [],
    deploymentSettings: {},
  };
}
