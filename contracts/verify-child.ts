/**
 * The child process of `verifyPactIsolated`: verifies one pact and sends the result to the parent
 * over IPC. The Pact core prints its own report on this process's stdout, which the parent drops.
 */
import { PactRefused, verifyPactFile } from './verify.ts';

const [file, seed] = process.argv.slice(2);
const send = (message: unknown) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

try {
  const result = await verifyPactFile(file!, seed ? { seed: Number(seed) } : {});
  await send({ ok: true, result });
} catch (err) {
  await send({ ok: false, refused: err instanceof PactRefused, message: (err as Error).message });
}
process.exit(0);
