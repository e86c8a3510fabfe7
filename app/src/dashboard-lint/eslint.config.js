// ESLint for the dashboard: its ES modules run in the browser as they are (no bundler), with the import map of
// index.html naming 'uplot' and 'graphql-ws'. Formatting is Prettier's job, so ESLint keeps its recommended rules.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: globals.browser,
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // `const { preset, ...rest } = input` leaves a field out of a copy on purpose.
      'no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
];
