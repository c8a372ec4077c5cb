import type { Database } from './database';
import type { SecretBox } from '../secrets/secretBox';
import { sealStoredSensitiveValues } from '../secrets/sealStoredValues';

/**
 * The database schema as versioned migrations, applied in order, each in its own transaction.
 * Never edit a released migration: add the next one. Resources keep the columns the API filters
 * and sorts on, plus the Octopus resource itself as JSON (as Octopus stores its documents).
 */
export interface Migration {
  version: number;
  name: string;
  /** Schema changes. */
  sql?: string;
  /** Data changes that need code (after `sql`, in the same transaction). */
  run?: (db: Database, context: MigrationContext) => void;
  /** Rebuild the file afterwards (VACUUM), so content the migration replaced stays in no freed page. */
  vacuumAfter?: boolean;
}

/** What code migrations may need from the server that opens the database. */
export interface MigrationContext {
  /** The master key's cipher; without it, a migration that meets a sensitive value fails. */
  secrets?: SecretBox;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'spaces, environments, lifecycles, targets, variable sets, projects',
    sql: `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE id_counters (kind TEXT PRIMARY KEY, next INTEGER NOT NULL);
      CREATE TABLE spaces (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, name TEXT NOT NULL COLLATE NOCASE UNIQUE, json TEXT NOT NULL);
      CREATE TABLE environments (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL REFERENCES spaces(id),
        name TEXT NOT NULL COLLATE NOCASE, sort_order INTEGER NOT NULL, json TEXT NOT NULL, UNIQUE (space_id, name));
      CREATE TABLE lifecycles (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL REFERENCES spaces(id),
        name TEXT NOT NULL COLLATE NOCASE, json TEXT NOT NULL, UNIQUE (space_id, name));
      CREATE TABLE machines (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL REFERENCES spaces(id),
        name TEXT NOT NULL COLLATE NOCASE, json TEXT NOT NULL, UNIQUE (space_id, name));
      CREATE TABLE library_variable_sets (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL REFERENCES spaces(id),
        name TEXT NOT NULL COLLATE NOCASE, json TEXT NOT NULL, UNIQUE (space_id, name));
      CREATE TABLE projects (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL REFERENCES spaces(id),
        name TEXT NOT NULL COLLATE NOCASE, json TEXT NOT NULL, UNIQUE (space_id, name));
      CREATE TABLE channels (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL REFERENCES spaces(id),
        project_id TEXT NOT NULL REFERENCES projects(id), name TEXT NOT NULL COLLATE NOCASE, json TEXT NOT NULL,
        UNIQUE (project_id, name));
      -- A project's process and every release's snapshot of it.
      CREATE TABLE deployment_processes (
        id TEXT PRIMARY KEY, space_id TEXT NOT NULL REFERENCES spaces(id), owner_id TEXT NOT NULL, json TEXT NOT NULL);
      -- Project and library variable sets, and their snapshots.
      CREATE TABLE variable_sets (
        id TEXT PRIMARY KEY, space_id TEXT NOT NULL REFERENCES spaces(id), owner_id TEXT NOT NULL, json TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'releases and deployments',
    sql: `
      CREATE TABLE releases (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL REFERENCES spaces(id),
        project_id TEXT NOT NULL REFERENCES projects(id), channel_id TEXT NOT NULL, version TEXT NOT NULL COLLATE NOCASE,
        json TEXT NOT NULL, UNIQUE (project_id, version));
      CREATE INDEX releases_by_project ON releases (project_id, seq);
      CREATE TABLE deployments (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL REFERENCES spaces(id),
        project_id TEXT NOT NULL, release_id TEXT NOT NULL REFERENCES releases(id), environment_id TEXT NOT NULL,
        channel_id TEXT NOT NULL, task_id TEXT NOT NULL, json TEXT NOT NULL);
      CREATE INDEX deployments_by_release ON deployments (release_id, seq);
      CREATE INDEX deployments_by_project ON deployments (project_id, environment_id, seq);
    `,
  },
  {
    version: 3,
    name: 'server tasks, task logs and interruptions',
    sql: `
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, space_id TEXT NOT NULL, name TEXT NOT NULL,
        description TEXT NOT NULL, state TEXT NOT NULL, concurrency_tag TEXT NOT NULL,
        queue_time TEXT NOT NULL, start_time TEXT, completed_time TEXT, last_updated TEXT NOT NULL,
        error_message TEXT, has_warnings_or_errors INTEGER NOT NULL DEFAULT 0,
        project_id TEXT, environment_id TEXT, deployment_id TEXT, arguments TEXT NOT NULL,
        work_folder TEXT, progress INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX tasks_by_state ON tasks (state, seq);
      CREATE TABLE activities (
        task_id TEXT NOT NULL REFERENCES tasks(id), id TEXT NOT NULL, parent_id TEXT, seq INTEGER NOT NULL,
        name TEXT NOT NULL, status TEXT NOT NULL, started TEXT, ended TEXT, show_at_summary INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (task_id, id));
      CREATE TABLE log_lines (
        id INTEGER PRIMARY KEY, task_id TEXT NOT NULL, activity_id TEXT NOT NULL, category TEXT NOT NULL,
        occurred_at TEXT NOT NULL, message TEXT NOT NULL, detail TEXT);
      CREATE INDEX log_lines_by_task ON log_lines (task_id, id);
      CREATE TABLE interruptions (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL, task_id TEXT NOT NULL REFERENCES tasks(id),
        is_pending INTEGER NOT NULL, json TEXT NOT NULL);
      CREATE INDEX interruptions_by_task ON interruptions (task_id);
    `,
  },
  {
    version: 4,
    name: 'built-in package feed',
    sql: `
      CREATE TABLE packages (
        id TEXT PRIMARY KEY, space_id TEXT NOT NULL REFERENCES spaces(id), package_id TEXT NOT NULL COLLATE NOCASE,
        version TEXT NOT NULL COLLATE NOCASE, file TEXT NOT NULL, published TEXT NOT NULL, json TEXT NOT NULL,
        UNIQUE (space_id, package_id, version));
    `,
  },
  {
    version: 5,
    name: 'encrypt sensitive values with the master key',
    run: (db, context) => sealStoredSensitiveValues(db, context.secrets),
    vacuumAfter: true,
  },
  {
    version: 6,
    name: 'tenants',
    // `variables`: the tenant's values for variable templates, sealed (resources/tenants.ts).
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL REFERENCES spaces(id),
        name TEXT NOT NULL COLLATE NOCASE, json TEXT NOT NULL, variables TEXT NOT NULL DEFAULT '{}',
        UNIQUE (space_id, name));
    `,
  },
  {
    version: 7,
    name: 'runbooks',
    // A runbook's process sits in deployment_processes (id RunbookProcess-Runbooks-N, owner the project).
    sql: `
      CREATE TABLE runbooks (
        id TEXT PRIMARY KEY, seq INTEGER NOT NULL, space_id TEXT NOT NULL REFERENCES spaces(id),
        project_id TEXT NOT NULL REFERENCES projects(id), name TEXT NOT NULL COLLATE NOCASE, json TEXT NOT NULL,
        UNIQUE (project_id, name));
    `,
  },
];
