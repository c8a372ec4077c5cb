/**
 * Output variables the process's scripts set — `set_octopusvariable "Ready" "yes"` in Bash,
 * `Set-OctopusVariable -name Ready …` in PowerShell, and the Python, C# and F# forms — so that
 * completion can offer `Octopus.Action[Step].Output.Ready` to the steps after it.
 */
import type { Project } from '../model/types';

export interface OutputVariable {
  /** The action (or single-action step) whose script sets it. */
  action: string;
  name: string;
  /** 0-based line in the process file of the script's first line. */
  line: number;
  stepIndex: number;
}

const PATTERNS = [
  /\bset_octopusvariable\s*\(?\s*["']?([\w.-]+)["']?/g,
  /\bSet-OctopusVariable\s+(?:-name\s+)?["']?([\w.-]+)["']?/gi,
  /\bOctopus\.SetVariable\s*\(\s*"([\w.-]+)"/g,
  /\bOctopus\.setVariable\s+"([\w.-]+)"/g,
];

const cache = new WeakMap<Project, OutputVariable[]>();

export function outputVariables(project: Project): OutputVariable[] {
  let found = cache.get(project);
  if (found) return found;
  found = [];
  project.process.steps.forEach((step, stepIndex) => {
    for (const action of step.actions) {
      const script = action.properties.get('Octopus.Action.Script.ScriptBody');
      if (!script || !action.name) continue;
      const seen = new Set<string>();
      for (const pattern of PATTERNS) {
        for (const m of script.value.matchAll(pattern)) {
          const key = m[1].toLowerCase();
          if (seen.has(key)) continue;
          seen.add(key);
          found.push({ action: action.name, name: m[1], line: script.range.start.line, stepIndex });
        }
      }
    }
  });
  cache.set(project, found);
  return found;
}
