import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildWsdl } from './wsdl.ts';

it('T-SHEP-1 the WSDL served is the one the client vectors were generated from (protocol/vectors/wsdl)', () => {
  const vector = readFileSync(new URL('../../protocol/vectors/wsdl/sync-channel-v10.wsdl', import.meta.url), 'utf8');
  expect(buildWsdl('http://127.0.0.1:8236/test/bip-sync-wss-gost/')).toBe(vector);
});
