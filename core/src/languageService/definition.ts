/**
 * Go to definition, find references and document highlights for variables (across the process
 * file and the space file's variable sets), steps and actions (also `Octopus.Action[Name]` and
 * `step:` scopes), environments, roles, targets, channels, lifecycles and variable sets.
 */
import type { Position } from '../text';
import { indexOf, occurrenceAt, resolveSymbol, type Occurrence } from './symbolIndex';
import type { Location, ServiceDocument } from './types';

/** Where the name under the cursor is defined (for a role: every target that has it). */
export function getDefinition(
  document: ServiceDocument,
  position: Position,
  workspace: readonly ServiceDocument[] = [],
): Location[] {
  const occurrence = occurrenceAtPosition(document, position);
  if (!occurrence) return [];
  const symbol = resolveSymbol(workspace, document, occurrence);
  return symbol.occurrences.filter((o) => o.definition).map(toLocation);
}

/** Every use of the name under the cursor, with or without its definitions. */
export function getReferences(
  document: ServiceDocument,
  position: Position,
  workspace: readonly ServiceDocument[] = [],
  includeDeclaration = true,
): Location[] {
  const occurrence = occurrenceAtPosition(document, position);
  if (!occurrence) return [];
  const symbol = resolveSymbol(workspace, document, occurrence);
  return symbol.occurrences.filter((o) => includeDeclaration || !o.definition).map(toLocation);
}

/** LSP `DocumentHighlightKind`: Read = 2, Write = 3 (a definition). */
export interface DocumentHighlight {
  range: Location['range'];
  kind: 2 | 3;
}

/** The other occurrences of the name under the cursor in this document. */
export function getDocumentHighlights(document: ServiceDocument, position: Position): DocumentHighlight[] {
  const occurrence = occurrenceAtPosition(document, position);
  if (!occurrence) return [];
  return resolveSymbol([document], document, occurrence)
    .occurrences.filter((o) => o.uri === document.uri)
    .map((o) => ({ range: o.range, kind: o.definition ? 3 : 2 }));
}

export function occurrenceAtPosition(document: ServiceDocument, position: Position): Occurrence | undefined {
  return occurrenceAt(indexOf(document), document.parsed.lines.offsetAt(position));
}

function toLocation(o: Occurrence): Location {
  return { uri: o.uri, range: o.range };
}
