/**
 * `npm run model:check`: sends one bundled animal photo to the configured
 * provider and prints, per model in TOGETHER_MODEL, whether it is served (and
 * the provider's words), latency, tokens, cost, whether the answer passed the
 * schema, and the answer. Exits 1 when no model works, 2 on a bad setup.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from '@wildid/common';
import Together from 'together-ai';
import { z } from 'zod';
import { modelEnvShape } from '../config/identifier-worker-config';
import { anyModelWorks, checkModel, formatCheck } from './model-check';

// Read from the checkout (the script runs from the repository root, as npm scripts do).
const PHOTO_PATH = resolve('apps/identifier-worker/src/model-check/red-fox.jpg');

async function main(): Promise<number> {
  const config = parseEnv('model:check', z.object(modelEnvShape));
  if (!config.TOGETHER_API_KEY) {
    console.error('TOGETHER_API_KEY is not set: nothing to check. Put it in .env or the environment.');
    return 2;
  }
  const photo = readFileSync(PHOTO_PATH);
  const client = new Together({
    apiKey: config.TOGETHER_API_KEY,
    baseURL: config.TOGETHER_BASE_URL,
    timeout: config.TOGETHER_TIMEOUT_MS,
    maxRetries: 0,
  });
  console.log(`Checking ${config.TOGETHER_MODEL.length} model(s) at ${config.TOGETHER_BASE_URL ?? 'https://api.together.xyz/v1'} with ${PHOTO_PATH}\n`);
  const options = { prices: config.MODEL_PRICES, reasoningOff: config.MODEL_REASONING === 'off', timeoutMs: config.TOGETHER_TIMEOUT_MS };
  const checks = [];
  for (const model of config.TOGETHER_MODEL) {
    const check = await checkModel(client, model, photo, options);
    checks.push(check);
    console.log(`${formatCheck(check)}\n`);
  }
  const works = anyModelWorks(checks);
  console.log(works ? 'OK: at least one configured model works.' : 'FAILED: no configured model works; see the reasons above.');
  return works ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('model:check failed:', error);
    process.exit(2);
  },
);
