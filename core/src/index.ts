/** The Stepwise engine: pure functions over process and space files. No VS Code, no LSP. */
export * from './text';
export * from './diagnostics';
export * from './model/types';
export { SHORT_ACTION_TYPES, toOctopusActionType } from './model/actionTypes';
export { validateProcess, validateSpace, readSpace, type ProcessValidation, type SpaceValidation } from './validate';
export { parseYaml, type ParsedYaml } from './yaml/parseYaml';
export { findSystemVariable, SYSTEM_VARIABLES, type SystemVariable } from './variables/systemVariables';
