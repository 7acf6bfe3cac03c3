// Unit tests: pure logic beside the code (*.spec.ts); no services needed.
module.exports = {
  ...require('./jest.shared'),
  displayName: 'unit',
  testMatch: ['**/*.spec.ts'],
};
