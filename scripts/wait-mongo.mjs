#!/usr/bin/env node
// Sends a real MongoDB wire-protocol ping (OP_MSG {ping: 1, $db: "admin"}) and
// exits 0 when the server answers with ok: 1. Node built-ins only, no driver.
//
// Usage: node scripts/wait-mongo.mjs HOST PORT [TIMEOUT_SECONDS]
//   TIMEOUT_SECONDS omitted or 0: one attempt (exit 1 on failure).
//   Otherwise: retry every 500 ms until it answers or the timeout passes.
import net from 'node:net';

const [host = '127.0.0.1', portArg = '27017', timeoutArg = '0'] = process.argv.slice(2);
const port = Number(portArg);
const timeoutMs = Number(timeoutArg) * 1000;
const ATTEMPT_MS = 3000;
const OP_MSG = 2013;

function bsonDoc(fields) {
  // Only the two element types needed here: int32 (0x10) and string (0x02).
  const parts = [];
  for (const [key, value] of Object.entries(fields)) {
    const k = Buffer.from(`${key}\0`, 'utf8');
    if (typeof value === 'number') {
      const v = Buffer.alloc(4);
      v.writeInt32LE(value);
      parts.push(Buffer.from([0x10]), k, v);
    } else {
      const s = Buffer.from(`${value}\0`, 'utf8');
      const len = Buffer.alloc(4);
      len.writeInt32LE(s.length);
      parts.push(Buffer.from([0x02]), k, len, s);
    }
  }
  const body = Buffer.concat(parts);
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + body.length + 1);
  return Buffer.concat([size, body, Buffer.from([0])]);
}

function opMsg(doc, requestId) {
  const header = Buffer.alloc(16);
  const flags = Buffer.alloc(4); // flagBits = 0
  const kind = Buffer.from([0]); // section kind 0: body
  header.writeInt32LE(16 + 4 + 1 + doc.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([header, flags, kind, doc]);
}

// Reads the top-level "ok" field of a BSON document (double, int32, int64 or bool).
function readOk(doc) {
  const end = doc.readInt32LE(0);
  let i = 4;
  while (i < end - 1) {
    const type = doc[i++];
    const nameEnd = doc.indexOf(0, i);
    const name = doc.toString('utf8', i, nameEnd);
    i = nameEnd + 1;
    let value;
    let size;
    switch (type) {
      case 0x01: value = doc.readDoubleLE(i); size = 8; break; // double
      case 0x02: case 0x0d: case 0x0e: size = 4 + doc.readInt32LE(i); break; // string, js, symbol
      case 0x03: case 0x04: size = doc.readInt32LE(i); break; // document, array
      case 0x05: size = 5 + doc.readInt32LE(i); break; // binary
      case 0x06: case 0x0a: case 0xff: case 0x7f: size = 0; break; // undefined, null, min/max key
      case 0x07: size = 12; break; // ObjectId
      case 0x08: value = doc[i] === 1 ? 1 : 0; size = 1; break; // bool
      case 0x09: case 0x11: size = 8; break; // date, timestamp
      case 0x10: value = doc.readInt32LE(i); size = 4; break; // int32
      case 0x12: value = Number(doc.readBigInt64LE(i)); size = 8; break; // int64
      case 0x13: size = 16; break; // decimal128
      case 0x0b: { // regex: two cstrings
        const a = doc.indexOf(0, i);
        size = doc.indexOf(0, a + 1) + 1 - i;
        break;
      }
      default: throw new Error(`unsupported BSON type 0x${type.toString(16)} in reply`);
    }
    if (name === 'ok') return value;
    i += size;
  }
  return undefined;
}

function pingOnce() {
  return new Promise((resolve, reject) => {
    const requestId = Math.floor(Math.random() * 0x7fffffff);
    const socket = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    const fail = (err) => { socket.destroy(); reject(err); };
    socket.setTimeout(ATTEMPT_MS, () => fail(new Error('timed out waiting for a reply')));
    socket.on('error', fail);
    socket.on('connect', () => socket.write(opMsg(bsonDoc({ ping: 1, $db: 'admin' }), requestId)));
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4) return;
      const len = buf.readInt32LE(0);
      if (len < 21 || len > 48 * 1024 * 1024) return fail(new Error(`not a MongoDB reply (length ${len})`));
      if (buf.length < len) return;
      try {
        const opCode = buf.readInt32LE(12);
        const responseTo = buf.readInt32LE(8);
        if (opCode !== OP_MSG || responseTo !== requestId || buf[20] !== 0) {
          throw new Error(`unexpected reply (opCode ${opCode}, responseTo ${responseTo})`);
        }
        const ok = readOk(buf.subarray(21, len));
        socket.end();
        if (ok === 1) resolve();
        else reject(new Error(`ping answered without ok: 1 (ok = ${ok})`));
      } catch (err) {
        fail(err);
      }
    });
  });
}

const deadline = Date.now() + timeoutMs;
for (;;) {
  try {
    await pingOnce();
    process.exit(0);
  } catch (err) {
    if (Date.now() + 500 >= deadline) {
      console.error(`mongo ping ${host}:${port} failed: ${err.message}`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
