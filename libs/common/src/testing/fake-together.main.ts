/**
 * Runs the fake Together API alone, for manual trials of the apps without a real key:
 *   FAKE_TOGETHER_PORT=4010 FAKE_TOGETHER_LATENCY_MS=800 npm run fake:together
 * FAKE_TOGETHER_HOST (default 127.0.0.1) is the address it listens on: 0.0.0.0 in a container.
 * It serves the catalog's three vision models and answers with `validAnimalAnswer()`.
 * Change it while the apps run through its control endpoint, e.g. credits exhausted, then back:
 *   curl -XPOST localhost:4010/_fake/control -H 'content-type: application/json' -d '{"default":{"kind":"error","error":"credit_limit"}}'
 *   curl -XPOST localhost:4010/_fake/control -H 'content-type: application/json' -d '{"default":{"kind":"answer","content":{"isAnimal":true,"commonName":"Red fox"}}}'
 * Body fields: `script` (steps for the next photos), `default`, `served` (model names), `reset`.
 */
import { CONTROL_PATH, FakeTogetherServer } from './fake-together-server';

function readCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

async function main(): Promise<void> {
  const port = readCount('FAKE_TOGETHER_PORT', 4010);
  const fake = new FakeTogetherServer({ latencyMs: readCount('FAKE_TOGETHER_LATENCY_MS', 0) });
  const baseUrl = await fake.start(port, process.env.FAKE_TOGETHER_HOST || '127.0.0.1');
  console.log(`Fake Together API listening; set TOGETHER_BASE_URL=${baseUrl} (control: POST ${baseUrl.replace('/v1', '')}${CONTROL_PATH})`);

  const shutdown = (signal: NodeJS.Signals): void => {
    console.log(`${signal} received, stopping after ${fake.requests.length} requests`);
    void fake.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('Fake Together API failed to start:', error);
  process.exit(1);
});
