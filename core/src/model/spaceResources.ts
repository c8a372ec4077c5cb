/**
 * The space's feeds, worker pools, accounts and certificates: their kinds as the file writes them
 * and as Octopus names them, and finding one by what a process writes (name, slug or id — OCL
 * files of different Octopus versions write each of them).
 */
import { slugify } from './slug';
import type { Account, Space } from './types';

/** Feed types by the space file's word; Octopus `FeedType`. */
export const FEED_TYPES: Readonly<Record<string, string>> = {
  nuget: 'NuGet',
  docker: 'Docker',
  maven: 'Maven',
  github: 'GitHub',
  helm: 'Helm',
  ecr: 'AwsElasticContainerRegistry',
  oci: 'OciRegistry',
  s3: 'S3',
  'artifactory-generic': 'ArtifactoryGeneric',
};

/** Account types by the space file's word; Octopus `AccountType`. */
export const ACCOUNT_TYPES: Readonly<Record<string, string>> = {
  'azure-service-principal': 'AzureServicePrincipal',
  'azure-oidc': 'AzureOIDC',
  'azure-subscription': 'AzureSubscription',
  aws: 'AmazonWebServicesAccount',
  'aws-role': 'AmazonWebServicesRoleAccount',
  'aws-oidc': 'AmazonWebServicesOidcAccount',
  'google-cloud': 'GoogleCloudAccount',
  'username-password': 'UsernamePassword',
  'ssh-key': 'SshKeyPair',
  token: 'Token',
  'generic-oidc': 'GenericOidcAccount',
};

/**
 * Octopus variable types that hold a reference to a space resource, and the account types each
 * accepts (`Octopus.Action.Azure.AccountId` takes an `AzureAccount` variable, which names an Azure
 * service principal or OIDC account). Octopus: `VariableType`.
 */
export const TYPED_VARIABLE_KINDS: Readonly<
  Record<string, { resource: 'account' | 'certificate' | 'worker pool'; accountTypes?: readonly string[] }>
> = {
  AzureAccount: { resource: 'account', accountTypes: ['AzureServicePrincipal', 'AzureOIDC', 'AzureSubscription'] },
  AmazonWebServicesAccount: {
    resource: 'account',
    accountTypes: ['AmazonWebServicesAccount', 'AmazonWebServicesRoleAccount', 'AmazonWebServicesOidcAccount'],
  },
  GoogleCloudAccount: { resource: 'account', accountTypes: ['GoogleCloudAccount'] },
  UsernamePasswordAccount: { resource: 'account', accountTypes: ['UsernamePassword'] },
  GenericOidcAccount: { resource: 'account', accountTypes: ['GenericOidcAccount'] },
  Certificate: { resource: 'certificate' },
  WorkerPool: { resource: 'worker pool' },
};

/** The Octopus spelling of a file's word from `table`, or the word as written (already Octopus's, or unknown). */
export function octopusKind(table: Readonly<Record<string, string>>, word: string): string {
  const lower = word.trim().toLowerCase();
  if (Object.hasOwn(table, lower)) return table[lower];
  return Object.values(table).find((v) => v.toLowerCase() === lower) ?? word.trim();
}

/** Whether `written` names the item: its name, its slug or its id, case-insensitively. */
export function names(item: { name: string; id?: string }, written: string): boolean {
  const w = written.trim().toLowerCase();
  return item.name.toLowerCase() === w || slugify(item.name) === w || (!!item.id && item.id.toLowerCase() === w);
}

export function findFeed(space: Space | undefined, written: string) {
  return space?.feeds?.find((f) => names(f, written));
}

export function findWorkerPool(space: Space | undefined, written: string) {
  return space?.workerPools?.find((p) => names(p, written));
}

export function findAccount(space: Space | undefined, written: string): Account | undefined {
  return space?.accounts?.find((a) => names(a, written));
}

export function findCertificate(space: Space | undefined, written: string) {
  return space?.certificates?.find((c) => names(c, written));
}

/** Octopus's `Worker Pools` default: the one marked default, else the first. */
export function defaultWorkerPool(space: Space | undefined) {
  return space?.workerPools?.find((p) => p.isDefault) ?? space?.workerPools?.[0];
}
