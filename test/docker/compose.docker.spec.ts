import { randomUUID } from 'node:crypto';
import { validAnimalAnswer } from '@wildid/common/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestMagicLink } from '../support/accounts';
import { connectSocket, followIdentification, getIdentification, uploadOk } from '../support/api-client';
import { makeJpeg } from '../support/images';
import { ComposeProject, type ServiceState } from './support/compose-project';
import { existingVolumes, freePort, labelledResources } from './support/docker-cli';
import { waitForMail } from './support/mailpit-client';

// docker-compose.full.yml as a developer runs it, plus the fake model (compose.test.yml),
// under a unique project name and on free host ports: the machine's own Postgres and Redis hold theirs.
describe('docker-compose.full.yml, brought up for real', () => {
  const ports = { gateway: 0, postgres: 0, redis: 0, smtp: 0, mailUi: 0 };
  const password = randomUUID();
  let project: ComposeProject;
  let states: ServiceState[];
  let socket: Socket | undefined;
  let downDone = false;
  const gatewayUrl = () => `http://127.0.0.1:${ports.gateway}`;
  const publicUrl = () => `http://localhost:${ports.gateway}`;

  beforeAll(async () => {
    for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
    project = new ComposeProject(`wildid-test-${randomUUID().slice(0, 8)}`, ['docker-compose.full.yml', 'test/docker/compose.test.yml'], {
      GATEWAY_HOST_PORT: String(ports.gateway),
      POSTGRES_HOST_PORT: String(ports.postgres),
      REDIS_HOST_PORT: String(ports.redis),
      SMTP_HOST_PORT: String(ports.smtp),
      MAIL_UI_HOST_PORT: String(ports.mailUi),
      POSTGRES_PASSWORD: password,
      PUBLIC_URL: publicUrl(),
    });
    const buildStarted = Date.now();
    await project.compose('build');
    const upStarted = Date.now();
    await project.up();
    states = await project.waitHealthy(['migrate'], 600_000);
    // Figures for the report, not assertions.
    console.info(`compose build ${Math.round((upStarted - buildStarted) / 1000)} s; up to all healthy ${Math.round((Date.now() - upStarted) / 1000)} s`);
  });

  afterAll(async () => {
    socket?.disconnect();
    if (project && !downDone) await project.compose('down', '-v', '--remove-orphans');
  });

  it('brings up Postgres, Redis, Mailpit, the migration, the gateway and both workers, all healthy', () => {
    const byService = Object.fromEntries(states.map((state) => [state.service, state]));
    for (const service of ['postgres', 'redis', 'mailpit', 'build-watch', 'gateway', 'identifier-worker', 'mailer-worker', 'fake-together']) {
      expect(byService[service]?.health, service).toBe('healthy');
    }
    expect(byService.migrate).toMatchObject({ status: 'exited', exitCode: 0 });
  });

  it('completes an upload through the published gateway port, against the fake model', async () => {
    socket = await connectSocket(gatewayUrl());
    const created = await uploadOk(gatewayUrl(), await makeJpeg({ seed: 1301 }));

    const { events } = await followIdentification(socket, created, 120_000);
    const final = events.at(-1)!;
    expect(final.status).toBe('completed');
    expect(final.result).toEqual(validAnimalAnswer());
    const fetched = await getIdentification(gatewayUrl(), created.id, created.accessToken);
    expect(fetched.body).toEqual(final);
  });

  it('delivers a requested magic link to Mailpit, pointing at the public URL', async () => {
    const email = `compose-${randomUUID().slice(0, 8)}@example.test`;
    expect((await requestMagicLink(gatewayUrl(), email)).status).toBe(202);

    const mail = await waitForMail(`http://127.0.0.1:${ports.mailUi}`, email);
    const link = /https?:\/\/\S+\/auth\/verify\?token=[A-Za-z0-9_-]+/.exec(mail.Text);
    expect(link, `no sign-in link in: ${mail.Text}`).not.toBeNull();
    expect(new URL(link![0]).origin).toBe(publicUrl());
    expect((await fetch(`${gatewayUrl()}/auth/verify${new URL(link![0]).search}`)).status).toBe(200);
  });

  it('publishes Postgres (migrated) and Redis on 127.0.0.1 for `npm run dev`', async () => {
    const pg = new Client({ connectionString: `postgresql://wildid_user:${password}@127.0.0.1:${ports.postgres}/wildid` });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ applied: string }>('SELECT count(*) AS applied FROM _prisma_migrations WHERE finished_at IS NOT NULL');
      expect(Number(rows[0]!.applied)).toBeGreaterThan(0);
    } finally {
      await pg.end();
    }
    const redis = new Redis({ host: '127.0.0.1', port: ports.redis, lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('`down -v` leaves no container, volume or network of the project', async () => {
    socket?.disconnect();
    // Anonymous volumes carry no project label: remember them by name.
    const volumes = await project.volumesInUse();
    expect(volumes.length).toBeGreaterThanOrEqual(3);
    await project.compose('down', '-v', '--remove-orphans');
    downDone = true;

    expect(await labelledResources(project.label)).toEqual({ containers: [], volumes: [], networks: [] });
    expect(await existingVolumes(volumes)).toEqual([]);
  });
});
