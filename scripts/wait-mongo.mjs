#!/usr/bin/env node
// Pings a MongoDB-wire server with the mongodb driver (the one mongoose uses) and exits 0 once it
// answers { ping: 1 } with ok: 1. Exits 3 when the driver is not installed yet (services.sh then
// falls back to a TCP check), 1 when the server does not answer in time.
//
// Usage: node scripts/wait-mongo.mjs HOST PORT [TIMEOUT_SECONDS]
//   TIMEOUT_SECONDS omitted or 0: one attempt of about 1 s. Otherwise: retry until it answers or the time is up.
import { parseArgs } from 'node:util';

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
const [host = '127.0.0.1', portArg = '27017', timeoutArg = '0'] = positionals;
const port = Number(portArg);
const timeoutMs = Number(timeoutArg) * 1000;
if (!Number.isInteger(port) || port < 1 || port > 65535 || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
  console.error('usage: node scripts/wait-mongo.mjs HOST PORT [TIMEOUT_SECONDS]');
  process.exit(2);
}

let MongoClient;
try {
  ({ MongoClient } = await import('mongodb'));
} catch {
  process.exit(3);
}

async function pingOnce() {
  const client = new MongoClient(`mongodb://${host.includes(':') ? `[${host}]` : host}:${port}/?directConnection=true`, {
    serverSelectionTimeoutMS: 1000,
    connectTimeoutMS: 1000,
  });
  try {
    await client.connect();
    return (await client.db('admin').command({ ping: 1 })).ok === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

const deadline = Date.now() + timeoutMs;
for (;;) {
  if (await pingOnce()) process.exit(0);
  if (Date.now() >= deadline) process.exit(1);
  await new Promise((r) => setTimeout(r, 500));
}
