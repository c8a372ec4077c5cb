// @octopusdeploy/octopackjs ships no types; the test describes the part it uses where it imports it.
declare module '@octopusdeploy/octopackjs';
