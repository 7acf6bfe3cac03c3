// One jest setup for every project: ts-jest transpiles only (types are checked by `typecheck`),
// and the @loan/* aliases come from tsconfig.base.json so tests import libs as apps do.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

const ESM_ONLY = '/content-disposition/dist/.+\\.js$';

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // content-disposition 3 (under @fastify/static) is ESM only: Node 20 and the apps' bundle load it, but
    // Jest's module loader cannot require ESM before Node 24.9, so tests get it compiled to CommonJS.
    [ESM_ONLY]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' }, isolatedModules: true }],
  },
  transformIgnorePatterns: ['^(?!.*/content-disposition/dist/).*/node_modules/'],
  moduleNameMapper,
  setupFiles: ['reflect-metadata'],
  roots: ['<rootDir>/apps', '<rootDir>/libs'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
