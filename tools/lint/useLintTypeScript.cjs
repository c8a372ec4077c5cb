// typescript-eslint reads types through TypeScript's JavaScript API, which the repo's TypeScript 7
// (the native compiler, node_modules/typescript) does not have. This package brings TypeScript 6;
// npm places typescript-eslint beside it, but hoists helpers such as ts-api-utils to the root,
// where `require('typescript')` would find 7. So, for the linter's process only, every
// `require('typescript')` gets this package's copy.
const Module = require('node:module');

const typescript6 = require.resolve('typescript');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'typescript' ? typescript6 : resolve.call(this, request, ...rest);
};
