import nx from '@nx/eslint-plugin';

// Layering, enforced: pure libs (math, data logic, contracts) never reach for Nest, mongoose or the queue
// clients; data-access may use mongoose; apps sit on top and no lib imports an app.
const nestAndIo = ['@nestjs/*', 'mongoose', 'bullmq', 'ioredis', 'express', 'nestjs-pino', 'prom-client'];

const depConstraints = [
  { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:pure'], bannedExternalImports: nestAndIo },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:pure', 'type:data'], bannedExternalImports: ['bullmq', 'ioredis', 'express'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:pure', 'type:data', 'type:platform'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:pure', 'type:data', 'type:platform'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:pure', 'type:data', 'type:platform', 'type:testing'] },
];
// Integration tests of non-pure libs may use the testing helpers (real services, isolated env); their
// production code may not.
const testDepConstraints = depConstraints.map((c) =>
  c.sourceTag === 'type:pure' ? c : { ...c, onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:testing'])] },
);

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '.data', 'tmp', '**/*.js', '**/*.mjs', 'tools/ferretdb'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.int-spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: testDepConstraints }],
    },
  },
];
