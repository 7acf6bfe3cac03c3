// Integration tests need the real Redis and MongoDB-wire server: start them (idempotent; a running
// pair is reused) before any *.int-spec.ts runs.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async () => {
  const root = join(__dirname, '../../..');
  execFileSync('bash', [join(root, 'scripts/services.sh'), 'up'], { stdio: 'inherit', cwd: root });
};
