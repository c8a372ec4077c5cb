import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import {
  stepTemplateFromOctopusJson,
  StepTemplateJsonError,
  stepTemplateToOctopusJson,
} from '@stepwise/core/model/stepTemplateJson';
import { findStepTemplate } from '@stepwise/core/model/stepTemplates';
import { validateSpace } from '@stepwise/core';
import { parseOrUsage, UsageError, type CliIo } from '@stepwise/core/cli/commandLine';

/**
 * `stepwise template import FILE.json [--space FILE]`: adds (or replaces, by id or name) a step
 * template from Octopus's JSON export in the space file. `stepwise template export NAME|ID
 * [--space FILE] [--out FILE.json]`: the template in that format.
 */
export async function runTemplate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args,
      options: { space: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    }),
  );
  const [verb, subject, ...more] = positionals;
  if (verb !== 'import' && verb !== 'export')
    throw new UsageError(
      verb
        ? `unknown template command '${verb}': use 'template import FILE.json' or 'template export NAME'`
        : "template needs 'import FILE.json' or 'export NAME'",
    );
  if (!subject || more.length)
    throw new UsageError(
      verb === 'import' ? 'template import takes one FILE.json' : 'template export takes one template NAME or ID',
    );
  const spaceFile = values.space ? path.resolve(io.cwd, values.space) : nearestSpaceFile(io.cwd);
  if (!spaceFile || !existsSync(spaceFile)) {
    throw new UsageError(
      values.space
        ? `no space file at ${values.space}`
        : 'no .octopus/space.yaml here or above: give the space file with --space FILE',
      false,
    );
  }
  const spaceText = readFileSync(spaceFile, 'utf8');
  const relative = path.relative(io.cwd, spaceFile) || spaceFile;

  if (verb === 'export') {
    const space = validateSpace(spaceText, spaceFile).space;
    const template = findStepTemplate(space, subject);
    if (!template)
      throw new UsageError(
        `${relative} has no step template '${subject}' (it has: ${space?.stepTemplates?.map((t) => t.name).join(', ') || 'none'})`,
        false,
      );
    const json = `${JSON.stringify(stepTemplateToOctopusJson(template), null, 2)}\n`;
    if (values.out) {
      writeFileSync(path.resolve(io.cwd, values.out), json);
      io.out(`Wrote step template '${template.name}' to ${values.out}\n`);
    } else io.out(json);
    return 0;
  }

  const source = path.resolve(io.cwd, subject);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`cannot read ${subject}: ${message}`, false);
  }
  let entry;
  try {
    entry = stepTemplateFromOctopusJson(json);
  } catch (error) {
    if (error instanceof StepTemplateJsonError) throw new UsageError(`${subject}: ${error.message}`, false);
    throw error;
  }
  const document = parseDocument(spaceText);
  if (document.errors.length)
    throw new UsageError(
      `${relative} has YAML errors; fix them first (${document.errors[0].message.split('\n')[0]})`,
      false,
    );
  if (!isMap(document.contents)) throw new UsageError(`${relative} is not a mapping`, false);
  let list = document.get('step-templates');
  if (!isSeq(list)) {
    list = new YAMLSeq();
    document.set('step-templates', list);
  }
  const seq = list as YAMLSeq;
  const same = (item: unknown) => {
    if (!isMap(item)) return false;
    const id = item.get('id');
    const name = item.get('name');
    return (
      (entry.id && typeof id === 'string' && id.toLowerCase() === entry.id.toLowerCase()) ||
      (typeof name === 'string' && name.toLowerCase() === entry.name.toLowerCase())
    );
  };
  const index = seq.items.findIndex(same);
  const node = document.createNode(entry);
  if (index >= 0) seq.items[index] = node;
  else seq.items.push(node);
  const written = document.toString({ lineWidth: 0 });
  const errors = validateSpace(written, spaceFile).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    for (const d of errors)
      io.err(`${relative}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${d.code} ${d.message}\n`);
    io.err(`stepwise: not written: the space file would not be valid\n`);
    return 1;
  }
  writeFileSync(spaceFile, written);
  io.out(
    `${index >= 0 ? 'Replaced' : 'Added'} step template '${entry.name}'${entry.id ? ` (${entry.id})` : ''} version ${entry.version} with ${entry.parameters.length} parameter${entry.parameters.length === 1 ? '' : 's'} in ${relative}\n`,
  );
  return 0;
}

function nearestSpaceFile(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '.octopus', 'space.yaml');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
