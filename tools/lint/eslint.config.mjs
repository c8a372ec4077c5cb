// The rules that catch real bugs, with types: promises nobody awaits or catches, promises passed
// where a plain value is expected (an async listener whose rejection vanishes), values computed
// and dropped, and variables left over. Style is Prettier's business (.prettierrc.json), not ESLint's.
import './useLintTypeScript.cjs';
import tseslint from 'typescript-eslint';

/** Tests, test support and benchmarks are type-checked by test/tsconfig.json, not their package's. */
const TEST_FILES = ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'syntaxes/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'out/**',
      'test-results/**',
      'test/e2e/extension-host/**',
      '.vscode-test/**',
      '**/*.d.ts',
    ],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname + '/../..' },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-expressions': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: TEST_FILES,
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: ['./test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname + '/../..',
      },
    },
  },
);
