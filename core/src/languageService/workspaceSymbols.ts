/**
 * Workspace symbols: steps, actions, variables and channels of every process file, and the
 * environments, lifecycles, targets and variable sets of space files, matched like VS Code's
 * "Go to Symbol in Workspace" (the query's characters in order, case-insensitively).
 */
import { SymbolKind, type ServiceDocument, type SymbolInformation } from './types';

export function getWorkspaceSymbols(
  documents: readonly ServiceDocument[],
  query: string,
  limit = 500,
): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const matcher = fuzzy(query);
  const add = (
    name: string,
    kind: SymbolInformation['kind'],
    uri: string,
    range: SymbolInformation['location']['range'],
    containerName?: string,
  ) => {
    if (name && matcher(name) && out.length < limit) out.push({ name, kind, location: { uri, range }, containerName });
  };
  const seen = new Set<string>();
  for (const document of documents) {
    if (seen.has(document.uri)) continue;
    seen.add(document.uri);
    const { uri } = document;
    if (document.kind === 'process') {
      const project = document.project.name || 'process';
      for (const step of document.project.process.steps) {
        add(step.name, SymbolKind.Function, uri, step.nameRange, project);
        if (!step.inlineAction)
          for (const action of step.actions)
            add(action.name, SymbolKind.Method, uri, action.nameRange, `${project} › ${step.name}`);
      }
      for (const variable of document.project.variables)
        add(variable.name, SymbolKind.Variable, uri, variable.nameRange, project);
      for (const channel of document.project.channels)
        add(channel.name, SymbolKind.EnumMember, uri, channel.nameRange, `${project} › channels`);
    } else {
      const space = `space ${document.space.name}`;
      for (const e of document.space.environments)
        add(e.name, SymbolKind.EnumMember, uri, e.range, `${space} › environments`);
      for (const l of document.space.lifecycles)
        add(l.name, SymbolKind.Class, uri, l.nameRange, `${space} › lifecycles`);
      for (const t of document.space.targets) add(t.name, SymbolKind.Object, uri, t.nameRange, `${space} › targets`);
      for (const s of document.space.variableSets) {
        add(s.name, SymbolKind.Package, uri, s.nameRange, `${space} › variable sets`);
        for (const v of s.variables) add(v.name, SymbolKind.Variable, uri, v.nameRange, `${space} › ${s.name}`);
      }
    }
  }
  return out;
}

/** True when every character of the query appears in the name, in order (case-insensitive). */
function fuzzy(query: string): (name: string) => boolean {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (!q) return () => true;
  return (name) => {
    const n = name.toLowerCase();
    let i = 0;
    for (let j = 0; j < n.length && i < q.length; j++) if (n[j] === q[i]) i++;
    return i === q.length;
  };
}
