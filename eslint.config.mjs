// ESLint and its TypeScript live in tools/lint (see its package.json for why).
export { default } from './tools/lint/eslint.config.mjs';
