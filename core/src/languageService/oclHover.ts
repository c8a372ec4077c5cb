/**
 * Hover in OCL files: a `#{…}` template inside a string or heredoc (the same answers as in process
 * files: variables with their values per environment, system variables, output variables, filters);
 * a block or attribute name (what Octopus does with it); an action type; a step label.
 */
import type { OclBlock } from '../ocl/ast';
import type { ParsedOcl } from '../ocl/parseOcl';
import type { Position, Span } from '../text';
import { templateElementAt } from '../template/cursor';
import { parsedTemplateOf } from './stringOffsets';
import { nameMarkdown, templateHover, type HoverOptions } from './hover';
import { OCL_ACTION_TYPES, OCL_CHILDREN, oclFileKey } from './oclCatalog';
import { oclCursorAt, oclStringAt } from './oclContext';
import type { Hover, ProcessDocument } from './types';
import { escapeMarkdown } from './variableInfo';

/** `path`: the file's path in its project folder (`deployment_process.ocl`); `document`: the project as a service document. */
export function getOclHover(
  parsed: ParsedOcl,
  path: string,
  document: ProcessDocument | undefined,
  position: Position,
  options: HoverOptions = {},
): Hover | undefined {
  const offset = parsed.lines.offsetAt(position);
  const at = oclCursorAt(parsed, offset);
  const hover = (value: string, span: Span): Hover => ({
    contents: { kind: 'markdown', value },
    range: parsed.lines.rangeOf(span),
  });
  const parentKey = (blocks: readonly OclBlock[]) => blocks.at(-1)?.name ?? oclFileKey(path);
  const nameDoc = (blocks: readonly OclBlock[], name: string, isBlock: boolean) =>
    OCL_CHILDREN[parentKey(blocks)]?.find((d) => d.name === name && d.block === isBlock);

  switch (at.kind) {
    case 'blockName': {
      const doc = nameDoc(at.blocks, at.block.name, true);
      return doc
        ? hover(
            `**${doc.name}** block${doc.label ? ` (label: ${doc.label})` : ''}\n\n${doc.description}`,
            at.block.nameSpan,
          )
        : undefined;
    }
    case 'label': {
      if (at.block.name !== 'step' && at.block.name !== 'action') return undefined;
      const step =
        document?.project.process.steps.find((s) => s.slug?.value === at.label.value) ??
        document?.project.process.steps.find((s) => s.actions.some((a) => a.slug?.value === at.label.value));
      const action = step?.actions.find((a) => a.slug?.value === at.label.value);
      const markdown = step && nameMarkdown('step', action?.name ?? step.name, document?.project, document?.space);
      return markdown ? hover(`${markdown}\n\nSlug \`${escapeMarkdown(at.label.value)}\`.`, at.label.span) : undefined;
    }
    case 'attributeName': {
      const doc = nameDoc(at.blocks, at.attribute.name, false);
      return doc ? hover(`**${doc.name}**\n\n${doc.description}`, at.attribute.nameSpan) : undefined;
    }
    case 'dictionaryKey':
      return at.attribute.name === 'properties'
        ? hover(`**${escapeMarkdown(at.entry.key)}** — Octopus action property.`, at.entry.keySpan)
        : undefined;
    case 'value': {
      if (at.value.kind !== 'string') return undefined;
      if (at.value.value.includes('#{') && document) {
        const string = oclStringAt(parsed, at.value);
        const element = string && templateElementAt(parsedTemplateOf(string).nodes, string.toValue(offset));
        const found = element && templateHover(document, element, [], options);
        if (found && string) return hover(found.markdown, string.toDocument(found.span));
        return undefined;
      }
      if (!at.entry && at.attribute.name === 'action_type') {
        const type = OCL_ACTION_TYPES.find((t) => t.type === (at.value as { value: string }).value);
        return type ? hover(`**${type.type}**\n\n${type.description}`, at.value.span) : undefined;
      }
      return undefined;
    }
    case 'body':
      return undefined;
  }
}
