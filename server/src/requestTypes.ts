/**
 * The custom requests between the extension and the language server, declared once: method name,
 * parameters, result and error codes. Both sides import these objects, so neither spells a method
 * name as a string (the pattern of yaml-language-server's `requestTypes.ts`).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type {
  DeploymentProcessResource,
  ReferenceDataItem,
  VariableSetResource,
} from '@stepwise/core/octopus/apiResources';
import type { ProcessPreview } from '@stepwise/core/preview';
import type { ProcessMapModel } from '@stepwise/core/processMap/processMap';

export type { ProcessMapModel };

/**
 * Error codes of the `stepwise/*` requests (in the LSP's range for server-defined errors).
 * One set for every request: a client tells "not a process file" apart the same way everywhere.
 */
export const StepwiseErrorCodes = {
  NotAProcessFile: -32001,
  BadContext: -32002,
  Unreadable: -32003,
  HasErrors: -32004,
} as const;
export type StepwiseErrorCode = (typeof StepwiseErrorCodes)[keyof typeof StepwiseErrorCodes];

export interface PreviewParams {
  uri: string;
  environment: string;
  channel?: string;
  release?: string;
  target?: string;
  /** A tenanted deployment for this tenant (its name in the space file); untenanted when absent. */
  tenant?: string;
  variables?: Record<string, string>;
  /** Preview this runbook of the project (name or slug) instead of its deployment process. */
  runbook?: string;
}

/** `stepwise/preview`: the same JSON as `stepwise preview --format json`, for an open document. */
export const PreviewRequest = new RequestType<PreviewParams, ProcessPreview, void>('stepwise/preview');

/** One side of a comparison: an environment, for a tenant or untenanted. */
export interface PreviewSide {
  environment: string;
  tenant?: string;
  channel?: string;
}

export interface ComparePreviewsParams {
  uri: string;
  left: PreviewSide;
  right: PreviewSide;
  variables?: Record<string, string>;
}

export interface ComparePreviewsResult {
  left: ProcessPreview;
  right: ProcessPreview;
  /** What differs, in words (`Hello: Octopus.Action.Script.ScriptBody is "…" in Test for Acme, "…" in Test for Globex`); empty when nothing. */
  differences: string[];
}

/**
 * `stepwise/comparePreviews`: two previews of one process — two environments, or the same
 * environment for two tenants — and what differs. An unknown environment or tenant on either
 * side answers `BadContext`, naming the side.
 */
export const ComparePreviewsRequest = new RequestType<ComparePreviewsParams, ComparePreviewsResult, void>(
  'stepwise/comparePreviews',
);

export interface DeploymentOptionsParams {
  uri: string;
}

export interface DeploymentOptionsResult {
  environments: string[];
  channels: string[];
  targets: string[];
  /** The tenants connected to the project (any environment), for a tenanted preview; empty when none. */
  tenants: string[];
  /** Prompted variables, so a client can ask for their values. */
  prompted: { name: string; label: string; required: boolean }[];
}

/** `stepwise/deploymentOptions`: the environments, channels and targets a preview can ask for. */
export const DeploymentOptionsRequest = new RequestType<DeploymentOptionsParams, DeploymentOptionsResult, void>(
  'stepwise/deploymentOptions',
);

/** What the client knows of the server it will push to; everything optional. */
export interface DeploymentProcessParams {
  uri: string;
  /** The server's current process and variables: their ids are kept and the result says what differs. */
  process?: DeploymentProcessResource;
  variables?: VariableSetResource;
  /** The server's ids for the names the file uses (default: the `ScopeValues` of `variables`). */
  environments?: ReferenceDataItem[];
  machines?: ReferenceDataItem[];
  channels?: ReferenceDataItem[];
  spaceId?: string;
  projectId?: string;
}

export interface DeploymentProcessResult {
  /** The `project:` of the file. */
  projectName: string;
  process: DeploymentProcessResource;
  variables: VariableSetResource;
  /** What pushing would change on the server, in words; empty when nothing. */
  processChanges: string[];
  variableChanges: string[];
}

/**
 * `stepwise/deploymentProcess`: an open process file as the Octopus API's DeploymentProcess and
 * project VariableSet, ready to PUT (ids and `Version` of the server's copy when given), with
 * what differs from that copy.
 */
export const DeploymentProcessRequest = new RequestType<DeploymentProcessParams, DeploymentProcessResult, void>(
  'stepwise/deploymentProcess',
);

export interface ProcessMapParams {
  uri: string;
  channel?: string;
  release?: string;
  /** A tenanted project: only this tenant's columns (all tenants when absent). */
  tenant?: string;
  /** With all tenants: the page of tenants (as many a page as fit core's `TENANT_COLUMNS_PER_PAGE`), from 0. */
  tenantPage?: number;
}

/** `stepwise/processMap`: the process map of an open process file (core's `buildProcessMap`), with the file's problems on their steps. */
export const ProcessMapRequest = new RequestType<ProcessMapParams, ProcessMapModel, void>('stepwise/processMap');

export interface ConvertParams {
  /** A process file (`to: 'ocl'`), or an `.ocl` file or a folder of OCL project files (`to: 'yaml'`). */
  uri: string;
  to: 'ocl' | 'yaml';
}

export interface ConvertResult {
  /** The files to write, with absolute paths: `.octopus/*.ocl` beside the process file, or `<project>.process.yaml` beside `.octopus`. */
  files: { path: string; text: string }[];
  /** The file to show once written (`deployment_process.ocl`, or the process file). */
  open: string;
  /** What the conversion leaves out, in words (sensitive values); empty when nothing. */
  notes: string[];
}

/**
 * `stepwise/convert`: one project between a process file and Octopus's OCL files, as
 * `stepwise convert` does; the client writes the files (asking before overwriting). Open
 * editors' unsaved text is what is converted. A source with syntax errors is refused
 * (`HasErrors`): what was not read would be lost.
 */
export const ConvertRequest = new RequestType<ConvertParams, ConvertResult, void>('stepwise/convert');
export interface ServerStepTemplatesParams {
  /** The server they come from (its URL), for messages; absent when no server is connected. */
  origin?: string;
  /** Its `/api/{space}/actiontemplates/all` resources, as the server sent them; empty to forget them. */
  templates: unknown[];
}

/**
 * `stepwise/serverStepTemplates`: the step templates of the Octopus server the extension is
 * connected to. The checks, completion, hover and preview see them with the space file's own.
 */
export const ServerStepTemplatesNotification = new NotificationType<ServerStepTemplatesParams>(
  'stepwise/serverStepTemplates',
);

export interface ProjectInputsChangedParams {
  /** The open process and `.ocl` files whose project or space changed, though their own text did not. */
  uris: string[];
}

/**
 * `stepwise/projectInputsChanged` (server → client): a file an open process reads besides its own
 * text changed — its space file, or another `.ocl` file of its OCL project — so views drawn from
 * it (the process map) ask again.
 */
export const ProjectInputsChangedNotification = new NotificationType<ProjectInputsChangedParams>(
  'stepwise/projectInputsChanged',
);
