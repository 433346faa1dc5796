// Flat config: typescript-eslint + eslint-plugin-svelte, formatting left to Prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

// Layer rules (docs/architecture.md "Layers"). The core runs in the browser, in the CLI and in the
// tests alike, so it is plain TypeScript reachable from Node by relative imports: no SvelteKit
// ($app, the $lib alias), no components or runes modules, no view code.
const CORE = [
  'contract',
  'engine',
  'ingest',
  'model',
  'policy',
  'rules',
  'metrics',
  'reports',
  'pipeline',
  'findings',
  'privacy',
  'plan',
  'assess'
];
const VIEWS = ['routes', 'ui', 'dashboard', 'charts', 'inspect', 'session', 'storage', 'bench'];
const CORE_PATTERNS = [
  {
    group: ['$app/*'],
    message: 'The core runs in Node too: no SvelteKit imports ($app) in src/lib core folders.'
  },
  {
    group: ['$lib', '$lib/*'],
    message: 'The core is reachable from Node by relative imports: write ../folder/file, not $lib.'
  },
  {
    group: ['*.svelte', '*.svelte.ts', '*.svelte.js'],
    message: 'The core imports no Svelte component or runes module (.svelte, .svelte.ts).'
  },
  {
    group: VIEWS.flatMap((v) => [`../${v}`, `../${v}/*`, `../../${v}/*`, `**/src/${v}/*`]),
    message: 'Views import the core, never the reverse.'
  }
];
// Code that puts a user's choices (the dashboard filter from the URL, a report's unit, school,
// term) into SQL binds them as parameters (sql`…${param(v)}`, src/lib/engine/engine.ts); quoting
// them into the text with sqlString is what this forbids (docs/architecture.md "SQL with parameters").
const NO_SQL_STRING = {
  group: ['**/engine/engine', '$lib/engine/engine'],
  importNames: ['sqlString'],
  message:
    "A user's value travels as a parameter: build the statement with sql`…${param(value)}` instead of sqlString."
};
const POLICY_PATTERNS = [
  ...CORE_PATTERNS,
  {
    group: ['../rules', '../rules/*', '**/lib/rules/*'],
    message: 'The policy does not import the rules: shared codes live in contract/rule-codes.ts.'
  }
];

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
  },
  {
    // Browser glue inside core folders: the import worker's page side and the download buttons.
    files: CORE.map((c) => `src/lib/${c}/**/*.ts`),
    ignores: ['**/*.svelte.ts', 'src/lib/ingest/worker/client.ts', 'src/lib/findings/downloads.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: CORE_PATTERNS }] }
  },
  {
    // Where users' values meet SQL: filters, reports, plan checks (edited in 工作台), review notes.
    files: [
      'src/lib/metrics/**/*.ts',
      'src/lib/reports/**/*.ts',
      'src/lib/plan/**/*.ts',
      'src/lib/findings/**/*.ts',
      'src/lib/assess/**/*.ts'
    ],
    ignores: ['**/*.svelte.ts', 'src/lib/findings/downloads.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...CORE_PATTERNS, NO_SQL_STRING] }] }
  },
  {
    files: ['src/routes/**/*.svelte', 'src/routes/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_SQL_STRING] }] }
  },
  {
    files: ['src/lib/policy/**/*.ts'],
    ignores: ['**/*.svelte.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: POLICY_PATTERNS }] }
  }
);
