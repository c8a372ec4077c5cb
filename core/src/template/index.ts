/** Public API of the Octopus template (Octostache) engine. */
export type * from './ast';
export {
  parseTemplate,
  parseTemplateCached,
  parseSymbolPath,
  MAX_BLOCK_DEPTH,
  MAX_EXPRESSION_DEPTH,
} from './parseTemplate';
export type { ParsedTemplate } from './parseTemplate';
export { collectReferences, containsTemplate, isLoopVariableReference, symbolToString } from './references';
export type { TemplateReference, TemplateReferenceSegment } from './references';
export { evaluateTemplate, evaluateTruthy, isTruthy, nodeText, DEFAULT_EVALUATION_LIMITS } from './evaluate';
export type { EvaluateOptions, EvaluationLimits, EvaluationResult, TemplateVariables } from './evaluate';
export { VariableDictionary, BindingNode } from './variables';
export { builtInFilterNames } from './filters/index';
export { BLOCK_KEYWORDS, CLOSING_KEYWORDS, TEMPLATE_KEYWORDS } from './keywords';
export type { BlockKeyword, ClosingKeyword, TemplateKeyword } from './keywords';
export type { TemplateFilter, FilterContext } from './filters/index';
