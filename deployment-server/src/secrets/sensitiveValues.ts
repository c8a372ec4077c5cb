import type {
  DeploymentProcessResource,
  PropertyValue,
  VariableResource,
  VariableSetResource,
} from '../resources/types';
import type { SecretBox } from './secretBox';

/**
 * Which values of the stored documents are sensitive, and sealing/opening them: a sensitive
 * variable's `Value` (project and library variable sets and their release snapshots), a sensitive
 * action or step property's `NewValue` (processes and their snapshots), and a sensitive prompted
 * variable's value in a deployment's `FormValues`. Everything else is stored as it is.
 */

export type Transform = (value: string) => string;

export function isSensitiveVariable(variable: VariableResource): boolean {
  return variable.IsSensitive || variable.Type === 'Sensitive';
}

export function sealVariableSet(set: VariableSetResource, box: SecretBox): VariableSetResource {
  return mapVariableSet(set, (v) => box.seal(v));
}

export function openVariableSet(set: VariableSetResource, box: SecretBox): VariableSetResource {
  return mapVariableSet(set, (v) => box.open(v));
}

export function sealProcess(process: DeploymentProcessResource, box: SecretBox): DeploymentProcessResource {
  return mapProcess(process, (v) => box.seal(v));
}

export function openProcess(process: DeploymentProcessResource, box: SecretBox): DeploymentProcessResource {
  return mapProcess(process, (v) => box.open(v));
}

/** Prompted values whose variable is sensitive (names compared case-insensitively). */
export function mapSensitiveFormValues(
  formValues: Record<string, string>,
  sensitiveNames: Set<string>,
  transform: Transform,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(formValues).map(([name, value]) => [
      name,
      sensitiveNames.has(name.toLowerCase()) ? transform(value) : value,
    ]),
  );
}

export function sensitiveVariableNames(variables: readonly VariableResource[]): Set<string> {
  return new Set(variables.filter(isSensitiveVariable).map((v) => v.Name.toLowerCase()));
}

/** The set with `transform` applied to each sensitive variable's value. */
export function mapVariableSet(set: VariableSetResource, transform: Transform): VariableSetResource {
  return {
    ...set,
    Variables: set.Variables.map((v) =>
      isSensitiveVariable(v) && typeof v.Value === 'string' && v.Value !== '' ? { ...v, Value: transform(v.Value) } : v,
    ),
  };
}

/** The process with `transform` applied to each sensitive property's value. */
export function mapProcess(process: DeploymentProcessResource, transform: Transform): DeploymentProcessResource {
  const properties = (props: Record<string, PropertyValue>) =>
    Object.fromEntries(
      Object.entries(props).map(([key, value]) => [
        key,
        value !== null && typeof value === 'object' && typeof value.NewValue === 'string' && value.NewValue !== ''
          ? { ...value, NewValue: transform(value.NewValue) }
          : value,
      ]),
    );
  return {
    ...process,
    Steps: process.Steps.map((step) => ({
      ...step,
      Properties: properties(step.Properties),
      Actions: step.Actions.map((action) => ({ ...action, Properties: properties(action.Properties) })),
    })),
  };
}
