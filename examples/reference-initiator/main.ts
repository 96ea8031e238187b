/**
 * Runs the reference initiator by hand:
 *   node --import tsx examples/reference-initiator/main.ts --port 9100 --bin 110140252784 --name 'АО «Банк»'
 * Optional: --host, --key <file with {privateJwk, publicJwk, kid, alg}> (the key registered on
 * Smart Bridge, for own means; without it a new key is generated).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startReferenceInitiator } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9100' },
    host: { type: 'string', default: '127.0.0.1' },
    bin: { type: 'string' },
    name: { type: 'string' },
    key: { type: 'string' },
  },
});

if (!values.bin || !values.name || !/^\d+$/.test(values.port)) {
  console.error(
    'usage: main.ts --bin <BIN> --name <organisation name> [--port 9100] [--host 127.0.0.1] [--key key.json]',
  );
  process.exit(2);
}

const initiator = await startReferenceInitiator({
  port: Number(values.port),
  host: values.host,
  organisation: { bin: values.bin, name: values.name },
  ...(values.key ? { signingKey: JSON.parse(readFileSync(values.key, 'utf8')) } : {}),
});
console.log(`reference initiator ready at ${initiator.driverUrl}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void initiator.close().then(() => process.exit(0));
  });
}
