// Unit tests: pure logic beside the code (*.spec.ts); no services needed.
// The timeout is a hang guard, not a speed target: small training runs take a few seconds on an
// idle core but several times that when CI runs two test files per core.
module.exports = {
  ...require('./jest.shared'),
  displayName: 'unit',
  testMatch: ['**/*.spec.ts'],
  testTimeout: 60_000,
};
