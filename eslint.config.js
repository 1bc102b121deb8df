// ESLint over src/, rules/ and test/ with typescript-eslint's type-checked recommended set.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'fixtures/', 'node_modules/', 'src/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // JSON, XML and terminal escaping match control characters on purpose.
      'no-control-regex': 'off',
      // A leading underscore marks a value left out on purpose (a destructured field, a callback argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read reports through JSON.parse (any) and assert on them: expect() is the check there.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // TEMPORARY (issue 11): these files are being moved or rewritten in other branches right now, so
  // their findings are left for the lead to fix after merging; then delete this block.
  {
    files: ['src/base64-fields.ts'],
    rules: { '@typescript-eslint/no-unsafe-argument': 'off' },
  },
  {
    files: ['src/cli-args.ts', 'src/io.ts', 'src/simulate/run.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
  {
    files: ['src/cli.ts', 'src/io.ts', 'src/cache.ts', 'src/cli-args.ts'],
    rules: {
      'no-useless-assignment': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['src/lint.ts'],
    rules: { '@typescript-eslint/await-thenable': 'off' },
  },
  {
    files: ['src/parse/yaml.ts'],
    rules: {
      'prefer-const': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['src/simulate/run.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off', '@typescript-eslint/restrict-template-expressions': 'off' },
  },
  {
    files: ['src/worker-entry.ts'],
    rules: { '@typescript-eslint/no-misused-promises': 'off' },
  },
);
