/**
 * A tenant's values for variable templates as Octopus's API reads and writes them, over the
 * values kept by name (`tenants.ts`): the classic `TenantVariableResource`
 * (`/tenants/{id}/variables`: `ProjectVariables` by project id → environment id → template id,
 * `LibraryVariables` by set id → template id) and the newer lists (`/tenants/{id}/projectvariables`
 * and `/commonvariables`: one entry per template and environment scope). A sensitive value is
 * sent as `{ HasValue: true, NewValue: null }`; written that way, the stored value is kept.
 *
 * The local server keeps one value per common template (as the space file does), so a common
 * value scoped to environments is refused.
 */
import type { Store } from '../db/store';
import { allInSpace, getDoc } from './repository';
import { presentTemplates, saveTenant, tenantValues, type TenantValues } from './tenants';
import type {
  EnvironmentResource,
  LibraryVariableSetResource,
  ProjectResource,
  TenantResource,
  VariableTemplateResource,
} from './types';

type Presented = string | { HasValue: boolean; NewValue: null };

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const isSensitive = (t: VariableTemplateResource) => t.DisplaySettings['Octopus.ControlType'] === 'Sensitive';
const present = (t: VariableTemplateResource, value: string): Presented =>
  isSensitive(t) ? { HasValue: true, NewValue: null } : value;

/** What the tenant is connected to: its projects (with their environments) and the sets those include. */
export class TenantVariableContext {
  readonly projects: { project: ProjectResource; environmentIds: string[] }[];
  readonly sets: LibraryVariableSetResource[];
  private readonly environments: EnvironmentResource[];

  constructor(
    private readonly store: Store,
    readonly tenant: TenantResource,
  ) {
    this.environments = allInSpace<EnvironmentResource>(store, 'environments', tenant.SpaceId);
    this.projects = Object.entries(tenant.ProjectEnvironments).flatMap(([id, environmentIds]) => {
      const project = getDoc<ProjectResource>(store, 'projects', tenant.SpaceId, id);
      return project ? [{ project, environmentIds }] : [];
    });
    const setIds = [...new Set(this.projects.flatMap((p) => p.project.IncludedLibraryVariableSetIds))];
    this.sets = setIds.flatMap((id) => {
      const set = getDoc<LibraryVariableSetResource>(store, 'library_variable_sets', tenant.SpaceId, id);
      return set ? [set] : [];
    });
  }

  environmentName(id: string): string {
    return this.environments.find((e) => e.Id === id)?.Name ?? id;
  }
  private environmentId(name: string): string | undefined {
    return this.environments.find((e) => sameName(e.Name, name))?.Id;
  }

  /** The stored values with ids: a project value per template and environment (an unscoped one in each connected environment). */
  projectValues(values = tenantValues(this.store, this.tenant.Id)) {
    return this.projects.flatMap(({ project, environmentIds }) =>
      project.Templates.flatMap((template) =>
        environmentIds.flatMap((environmentId) => {
          const mine = values.projects.filter((v) => sameName(v.project, project.Name) && v.template === template.Name);
          const name = this.environmentName(environmentId);
          const value =
            mine.find((v) => v.environments.some((e) => sameName(e, name))) ??
            mine.find((v) => v.environments.length === 0);
          return value ? [{ project, template, environmentId, value: value.value }] : [];
        }),
      ),
    );
  }

  commonValues(values = tenantValues(this.store, this.tenant.Id)) {
    return this.sets.flatMap((set) =>
      set.Templates.flatMap((template) => {
        const value = values.common.find((v) => sameName(v.set, set.Name) && v.template === template.Name);
        return value ? [{ set, template, value: value.value }] : [];
      }),
    );
  }

  /** Octopus's classic `TenantVariableResource`. */
  classic() {
    const space = `/api/${this.tenant.SpaceId}`;
    const projectValues = this.projectValues();
    const commonValues = this.commonValues();
    return {
      Id: `TenantVariables-${this.tenant.Id}`,
      TenantId: this.tenant.Id,
      TenantName: this.tenant.Name,
      SpaceId: this.tenant.SpaceId,
      ProjectVariables: Object.fromEntries(
        this.projects.map(({ project, environmentIds }) => [
          project.Id,
          {
            ProjectId: project.Id,
            ProjectName: project.Name,
            Templates: presentTemplates(project.Templates),
            Variables: Object.fromEntries(
              environmentIds.map((environmentId) => [
                environmentId,
                Object.fromEntries(
                  projectValues
                    .filter((v) => v.project === project && v.environmentId === environmentId)
                    .map((v) => [v.template.Id, present(v.template, v.value)]),
                ),
              ]),
            ),
            Links: { Project: `${space}/projects/${project.Id}` },
          },
        ]),
      ),
      LibraryVariables: Object.fromEntries(
        this.sets.map((set) => [
          set.Id,
          {
            LibraryVariableSetId: set.Id,
            LibraryVariableSetName: set.Name,
            Templates: presentTemplates(set.Templates),
            Variables: Object.fromEntries(
              commonValues.filter((v) => v.set === set).map((v) => [v.template.Id, present(v.template, v.value)]),
            ),
            Links: { LibraryVariableSet: `${space}/libraryvariablesets/${set.Id}` },
          },
        ]),
      ),
      Links: { Self: `${space}/tenants/${this.tenant.Id}/variables` },
    };
  }

  /** The newer `projectvariables` answer: one entry per template and environment; the unset ones too when asked. */
  projectList(includeMissing: boolean) {
    const values = this.projectValues();
    const entry = (
      project: ProjectResource,
      template: VariableTemplateResource,
      environmentId: string,
      value: Presented | null,
    ) => ({
      Id: `TenantVariables-${this.tenant.Id}-${project.Id}-${template.Id}-${environmentId}`,
      ProjectId: project.Id,
      ProjectName: project.Name,
      TemplateId: template.Id,
      Template: presentTemplates([template])[0],
      Value: value,
      Scope: { EnvironmentIds: [environmentId] },
    });
    const missing = includeMissing
      ? this.projects.flatMap(({ project, environmentIds }) =>
          project.Templates.flatMap((template) =>
            environmentIds
              .filter(
                (e) => !values.some((v) => v.project === project && v.template === template && v.environmentId === e),
              )
              .map((e) => entry(project, template, e, null)),
          ),
        )
      : undefined;
    return {
      TenantId: this.tenant.Id,
      Variables: values.map((v) => entry(v.project, v.template, v.environmentId, present(v.template, v.value))),
      ...(missing ? { MissingVariables: missing } : {}),
    };
  }

  /** The newer `commonvariables` answer. */
  commonList(includeMissing: boolean) {
    const values = this.commonValues();
    const entry = (set: LibraryVariableSetResource, template: VariableTemplateResource, value: Presented | null) => ({
      Id: `TenantVariables-${this.tenant.Id}-${set.Id}-${template.Id}`,
      LibraryVariableSetId: set.Id,
      LibraryVariableSetName: set.Name,
      TemplateId: template.Id,
      Template: presentTemplates([template])[0],
      Value: value,
      Scope: { EnvironmentIds: [] as string[] },
    });
    const missing = includeMissing
      ? this.sets.flatMap((set) =>
          set.Templates.filter((t) => !values.some((v) => v.set === set && v.template === t)).map((t) =>
            entry(set, t, null),
          ),
        )
      : undefined;
    return {
      TenantId: this.tenant.Id,
      Variables: values.map((v) => entry(v.set, v.template, present(v.template, v.value))),
      ...(missing ? { MissingVariables: missing } : {}),
    };
  }

  /** Stores new values: project values replace the named projects' (or all when `allProjects`), likewise common values. */
  save(
    projectValues: {
      project: ProjectResource;
      template: VariableTemplateResource;
      environmentId: string;
      value: string;
    }[],
    commonValues: { set: LibraryVariableSetResource; template: VariableTemplateResource; value: string }[],
    replace: { projects: ProjectResource[] | 'all'; sets: LibraryVariableSetResource[] | 'all' },
  ): void {
    const stored = tenantValues(this.store, this.tenant.Id);
    const replacedProject = (name: string) =>
      replace.projects === 'all' || replace.projects.some((p) => sameName(p.Name, name));
    const replacedSet = (name: string) => replace.sets === 'all' || replace.sets.some((s) => sameName(s.Name, name));
    const next: TenantValues = {
      projects: [
        ...stored.projects.filter((v) => !replacedProject(v.project)),
        ...projectValues.map((v) => ({
          project: v.project.Name,
          template: v.template.Name,
          environments: [this.environmentName(v.environmentId)],
          value: v.value,
        })),
      ],
      common: [
        ...stored.common.filter((v) => !replacedSet(v.set)),
        ...commonValues.map((v) => ({ set: v.set.Name, template: v.template.Name, value: v.value })),
      ],
    };
    this.store.transaction(() => saveTenant(this.store, this.tenant, next));
  }

  /** The environment id for a name or id the caller wrote (ids as Octopus sends them). */
  resolveEnvironment(idOrName: string): string | undefined {
    return (
      this.environments.find((e) => e.Id.toLowerCase() === idOrName.toLowerCase())?.Id ?? this.environmentId(idOrName)
    );
  }
}
