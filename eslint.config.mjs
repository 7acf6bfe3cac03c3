import nx from '@nx/eslint-plugin';

// Layering, enforced: pure libs (math, data logic, contracts) never reach for Nest, mongoose or the queue
// clients; data-access may use mongoose; apps sit on top and no lib imports an app.
const nestAndIo = ['@nestjs/*', 'mongoose', 'bullmq', 'ioredis', 'express', 'nestjs-pino', 'prom-client'];

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
          depConstraints: [
            { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:pure'], bannedExternalImports: nestAndIo },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:pure', 'type:data'], bannedExternalImports: ['bullmq', 'ioredis', 'express'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:pure', 'type:data', 'type:platform'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:pure', 'type:data', 'type:platform'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:pure', 'type:data', 'type:platform', 'type:testing'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
