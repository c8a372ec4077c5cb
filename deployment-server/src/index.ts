/** The Stepwise deployment server: the Octopus REST API on SQLite, with deployments that really run. */
export { startDeploymentServer, type DeploymentServer, type DeploymentServerOptions } from './startDeploymentServer';
export { runServerCommand, SERVER_USAGE } from './serverCommand';
export { generateApiKey, isValidApiKey, API_KEY_PATTERN } from './auth';
