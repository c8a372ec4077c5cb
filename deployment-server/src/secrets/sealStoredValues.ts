import type { Database } from '../db/database';
import type { DeploymentProcessResource, DeploymentResource, VariableSetResource } from '../resources/types';
import { isSealed, type SecretBox } from './secretBox';
import {
  mapProcess,
  mapSensitiveFormValues,
  mapVariableSet,
  sensitiveVariableNames,
  type Transform,
} from './sensitiveValues';

/**
 * Migration 5: databases written before sensitive values were encrypted hold them as plain text.
 * Seals them in place — variable sets (and snapshots), processes (and snapshots), and sensitive
 * prompted values of deployments. Plain text left in freed pages is removed by the VACUUM the
 * server runs after this migration (startDeploymentServer.ts). Without a master key the migration
 * fails as soon as it meets a value to seal (and changes nothing).
 */
export function sealStoredSensitiveValues(db: Database, secrets: SecretBox | undefined): void {
  const rewrite = <T>(table: string, map: (doc: T, seal: Transform) => T) => {
    const update = db.prepare(`UPDATE ${table} SET json = ? WHERE id = ?`);
    for (const row of db.prepare(`SELECT id, json FROM ${table}`).all() as { id: string; json: string }[]) {
      const seal: Transform = (value) => {
        if (isSealed(value)) return value;
        if (!secrets)
          throw new Error(
            `A sensitive value in ${table} (${row.id}) needs the master key to be encrypted; open the database through the Stepwise server.`,
          );
        return secrets.seal(value);
      };
      const sealed = JSON.stringify(map(JSON.parse(row.json) as T, seal));
      if (sealed !== row.json) update.run(sealed, row.id);
    }
  };
  rewrite<VariableSetResource>('variable_sets', mapVariableSet);
  rewrite<DeploymentProcessResource>('deployment_processes', mapProcess);
  const snapshotOf = db
    .prepare(
      "SELECT v.json FROM releases r JOIN variable_sets v ON v.id = json_extract(r.json, '$.ProjectVariableSetSnapshotId') WHERE r.id = ?",
    )
    .pluck();
  rewrite<DeploymentResource>('deployments', (deployment, seal) => {
    if (!Object.keys(deployment.FormValues ?? {}).length) return deployment;
    const snapshot = snapshotOf.get(deployment.ReleaseId) as string | undefined;
    const names = sensitiveVariableNames(snapshot ? (JSON.parse(snapshot) as VariableSetResource).Variables : []);
    return {
      ...deployment,
      FormValues: mapSensitiveFormValues(deployment.FormValues, names, (v) => (v === '' ? v : seal(v))),
    };
  });
}
