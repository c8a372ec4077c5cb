/**
 * The Octopus version the root document reports. api-client 3.11 refuses to create releases or
 * deployments on a server older than 2022.3.5512 and needs a valid semver (docs/reference/octopus-api-contract.md §1.6), so
 * this is a current Octopus version, not Stepwise's own.
 */
export const SERVER_VERSION = '2025.1.0';
