// Integration tests (*.int-spec.ts) and the pipeline test: they talk to the real Redis and
// MongoDB-wire server started by scripts/services.sh; each file uses its own database / key prefix.
module.exports = {
  ...require('./jest.shared'),
  displayName: 'int',
  testMatch: ['**/*.int-spec.ts'],
  testTimeout: 120000,
  // A suite whose setup failed can leave BullMQ workers open; never let that hang CI.
  forceExit: true,
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.js',
};
