/** Previewing a deployment: scoping, run conditions, targets and resolved templates. */
export {
  previewProcess,
  PreviewError,
  type PreviewOptions,
  type ProcessPreview,
  type StepPreview,
  type ActionPreview,
  type UnresolvedTemplate,
} from './previewProcess';
export { previewDifferences, sideLabel } from './comparePreviews';
export {
  type DeploymentContext,
  type PackageVersion,
  MASK,
  DEFAULT_CHANNEL,
  LATEST_PACKAGE_VERSION,
  withTenantTags,
} from './deploymentContext';
export {
  DeploymentVariableSet,
  targetsInEnvironment,
  type EvaluationSite,
  type DeploymentVariables,
} from './deploymentVariables';
export { actionRunsIn, stepConditionAllows, type RunDecision } from './runConditions';
export {
  resolveScopedValue,
  compareSpecificity,
  type ScopeContext,
  type ResolvedValue,
  type ScopedValueCandidate,
} from '../variables/resolveScopedValue';
export {
  localRunBlocker,
  shapeOfAction,
  isBuiltInFeed,
  LOCALLY_RUNNABLE,
  BUILT_IN_FEED_NAMES,
  type ExecutionShape,
} from './localExecution';
