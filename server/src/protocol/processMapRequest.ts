/**
 * `stepwise/processMap`: the process map of an open process file (core's `buildProcessMap`),
 * with the file's problems on their steps. Declared once; the language server handles it and
 * the extension sends it, both through this object.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { ProcessMapModel } from '../../../core/src/processMap/processMap';

export interface ProcessMapParams {
  uri: string;
  channel?: string;
  release?: string;
}

export type { ProcessMapModel };

export const ProcessMapRequest = new RequestType<ProcessMapParams, ProcessMapModel, void>('stepwise/processMap');
