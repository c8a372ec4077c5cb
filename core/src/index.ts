/** The Stepwise engine: pure functions over process and space files. No VS Code, no LSP. */
export * from './text';
export * from './diagnostics';
export * from './model/types';
export { SHORT_ACTION_TYPES, toOctopusActionType } from './model/actionTypes';
export { validateProcess, validateSpace, readSpace, type ProcessValidation, type SpaceValidation } from './validate';
export { parseYaml, type ParsedYaml } from './yaml/parseYaml';
export { findSystemVariable, SYSTEM_VARIABLES, type SystemVariable } from './variables/systemVariables';
export { parseOcl, type ParsedOcl } from './ocl/parseOcl';
export { writeOcl, toOclNode, type OclNode } from './ocl/writeOcl';
export {
  loadOclProject,
  fileOfRange,
  isOclProjectFile,
  type OclFile,
  type LoadedOclProject,
} from './ocl/loadOclProject';
export { validateOclProject, OCL_SYNTAX_CODE, type OclProjectValidation } from './ocl/validateOcl';
export { projectToOcl, type OclOutputFile } from './ocl/projectToOcl';
export { projectToYaml } from './model/projectToYaml';
export { loadProcess } from './model/loadProcess';
export { emptyProject } from './model/emptyProject';
export { slugify, slugOf } from './model/slug';
