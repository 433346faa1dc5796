// Flat config: typescript-eslint + eslint-plugin-svelte, formatting left to Prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  {
    ignores: [
      'build/',
      '.svelte-kit/',
      'node_modules/',
      'static/',
      'data/demo/',
      'data/messy/',
      'test-results/',
      'playwright-report/',
      'out/',
      'tmp/'
    ]
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig
      }
    }
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A static site served under one base path: links are written with `base` from $app/paths.
      'svelte/no-navigation-without-resolve': 'off',
      // Printed forms space their fields with the ideographic space (U+3000) inside template strings.
      'no-irregular-whitespace': ['error', { skipTemplates: true, skipStrings: true }]
    }
  }
);
