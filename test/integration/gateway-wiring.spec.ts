import { getQueueToken } from '@nestjs/bullmq';
import { ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_QUEUES } from '../../apps/gateway/src/queues/gateway-queues.module';
import { initGatewayInProcess } from '../support/in-process-gateway';

describe('gateway wiring', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await initGatewayInProcess();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('registers each queue once: one Queue instance per name in the whole application', () => {
    const instances = new Map<string, Set<unknown>>();
    for (const module of app.get(ModulesContainer).values()) {
      for (const name of GATEWAY_QUEUES) {
        const instance = module.providers.get(getQueueToken(name))?.instance;
        if (instance instanceof Queue) instances.set(name, (instances.get(name) ?? new Set()).add(instance));
      }
    }

    expect(Object.fromEntries([...instances].map(([name, set]) => [name, set.size]))).toEqual({ identify: 1, mail: 1, maintenance: 1 });
  });
});
