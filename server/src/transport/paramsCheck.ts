/**
 * The shape every request and notification the server handles must have, checked once for all of
 * them before any handler (or vscode-languageserver's own dispatch, which reads `params.workDoneToken`)
 * sees the message. A malformed request is answered `InvalidParams` (-32602) naming the field;
 * a malformed notification is dropped. Either way one line goes to the log.
 *
 * Only what the handlers read is checked; extra fields pass.
 */
import {
  ErrorCodes,
  type Message,
  type MessageStrategy,
  type MessageWriter,
  type NotificationMessage,
  type RequestMessage,
} from 'vscode-languageserver/node';

type Shape =
  | 'string'
  | 'uint'
  | 'int'
  | 'boolean'
  | 'object'
  | { readonly optional: Shape }
  | { readonly arrayOf: Shape }
  | { readonly recordOf: Shape }
  | { readonly [field: string]: Shape };

const optional = (shape: Shape): Shape => ({ optional: shape });
const arrayOf = (shape: Shape): Shape => ({ arrayOf: shape });
const recordOf = (shape: Shape): Shape => ({ recordOf: shape });

const position = { line: 'uint', character: 'uint' } as const;
const range = { start: position, end: position } as const;
const textDocument = { textDocument: { uri: 'string' } } as const;
const atPosition = { ...textDocument, position } as const;
const diagnostic = { range, message: 'string' } as const;

/** The params of each method, by method name. Methods not listed are left to their handlers. */
const PARAMS: Readonly<Record<string, Shape>> = {
  'textDocument/didOpen': { textDocument: { uri: 'string', languageId: 'string', version: 'int', text: 'string' } },
  'textDocument/didChange': {
    textDocument: { uri: 'string', version: 'int' },
    contentChanges: arrayOf({ text: 'string', range: optional(range), rangeLength: optional('uint') }),
  },
  'textDocument/didClose': textDocument,
  'textDocument/didSave': { ...textDocument, text: optional('string') },
  'textDocument/willSave': { ...textDocument, reason: 'int' },
  'workspace/didChangeWatchedFiles': { changes: arrayOf({ uri: 'string', type: 'int' }) },
  'textDocument/codeAction': {
    ...textDocument,
    range,
    context: { diagnostics: arrayOf(diagnostic), only: optional(arrayOf('string')) },
  },
  'textDocument/completion': {
    ...atPosition,
    context: optional({ triggerKind: 'int', triggerCharacter: optional('string') }),
  },
  'textDocument/hover': atPosition,
  'textDocument/definition': atPosition,
  'textDocument/references': { ...atPosition, context: { includeDeclaration: 'boolean' } },
  'textDocument/documentHighlight': atPosition,
  'textDocument/prepareRename': atPosition,
  'textDocument/rename': { ...atPosition, newName: 'string' },
  'textDocument/documentSymbol': textDocument,
  'textDocument/foldingRange': textDocument,
  'textDocument/semanticTokens/full': textDocument,
  'textDocument/semanticTokens/range': { ...textDocument, range },
  'textDocument/documentLink': textDocument,
  'textDocument/codeLens': textDocument,
  'workspace/symbol': { query: 'string' },
  'stepwise/comparePreviews': {
    uri: 'string',
    left: { environment: 'string', tenant: optional('string'), channel: optional('string') },
    right: { environment: 'string', tenant: optional('string'), channel: optional('string') },
    variables: optional(recordOf('string')),
  },
  'stepwise/preview': {
    uri: 'string',
    environment: 'string',
    channel: optional('string'),
    release: optional('string'),
    target: optional('string'),
    tenant: optional('string'),
    variables: optional(recordOf('string')),
  },
  'stepwise/deploymentOptions': { uri: 'string' },
  'stepwise/processMap': {
    uri: 'string',
    channel: optional('string'),
    release: optional('string'),
    tenant: optional('string'),
    tenantPage: optional('int'),
  },
  'stepwise/deploymentProcess': {
    uri: 'string',
    process: optional('object'),
    variables: optional('object'),
    environments: optional(arrayOf('object')),
    machines: optional(arrayOf('object')),
    channels: optional(arrayOf('object')),
    spaceId: optional('string'),
    projectId: optional('string'),
  },
};

/** What is wrong with `params` for `method`, in one sentence; undefined when nothing (or not checked). */
export function paramsProblem(method: string, params: unknown): string | undefined {
  const shape = PARAMS[method];
  return shape === undefined ? undefined : problem(shape, params, 'params');
}

function problem(shape: Shape, value: unknown, path: string): string | undefined {
  if (typeof shape === 'string') {
    const ok =
      shape === 'string'
        ? typeof value === 'string'
        : shape === 'boolean'
          ? typeof value === 'boolean'
          : shape === 'object'
            ? isObject(value)
            : Number.isInteger(value) && (shape === 'int' || (value as number) >= 0);
    return ok ? undefined : `${path} must be ${DESCRIBED[shape]}, not ${describe(value)}`;
  }
  if ('optional' in shape && Object.keys(shape).length === 1)
    return value === undefined || value === null ? undefined : problem(shape.optional as Shape, value, path);
  if ('arrayOf' in shape && Object.keys(shape).length === 1) {
    if (!Array.isArray(value)) return `${path} must be an array, not ${describe(value)}`;
    for (let i = 0; i < value.length; i++) {
      const inner = problem(shape.arrayOf as Shape, value[i], `${path}[${i}]`);
      if (inner) return inner;
    }
    return undefined;
  }
  if (!isObject(value)) return `${path} must be an object, not ${describe(value)}`;
  if ('recordOf' in shape && Object.keys(shape).length === 1) {
    for (const [key, item] of Object.entries(value)) {
      const inner = problem(shape.recordOf as Shape, item, `${path}.${key}`);
      if (inner) return inner;
    }
    return undefined;
  }
  for (const [field, fieldShape] of Object.entries(shape as Record<string, Shape>)) {
    const inner = problem(fieldShape, value[field], `${path}.${field}`);
    if (inner) return inner;
  }
  return undefined;
}

const DESCRIBED = {
  string: 'a string',
  uint: 'a non-negative integer',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
} as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? text.slice(0, 37) + '…' : text}`;
}

/**
 * A message strategy that checks params before vscode-jsonrpc dispatches a message: a bad request
 * is answered through `writer` with InvalidParams, a bad notification dropped; `log` gets one line.
 */
export function checkingParams(writer: MessageWriter, log: (line: string) => void): MessageStrategy {
  return {
    handleMessage(message: Message, next: (message: Message) => void): void {
      const { method, params, id } = message as Partial<RequestMessage & NotificationMessage>;
      const wrong = typeof method === 'string' ? paramsProblem(method, params) : undefined;
      if (wrong === undefined) return next(message);
      const isRequest = typeof id === 'number' || typeof id === 'string';
      log(`Stepwise: ${isRequest ? 'refused' : 'ignored'} ${method}: ${wrong}`);
      if (isRequest) {
        void writer
          .write({
            jsonrpc: '2.0',
            id,
            error: { code: ErrorCodes.InvalidParams, message: `Invalid ${method} params: ${wrong}.` },
          } as Message)
          .catch(() => undefined);
      }
    },
  };
}
