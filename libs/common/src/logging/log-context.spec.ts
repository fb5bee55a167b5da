import type { Job } from 'bullmq';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { LogJobContext, jobLogContext } from './job-log-context';
import { logContextMixin, runWithLogContext } from './log-context';

function makeLogger(lines: object[]) {
  return pino({ mixin: logContextMixin }, { write: (line: string) => void lines.push(JSON.parse(line)) });
}

describe('logContextMixin', () => {
  let lines: object[];
  beforeEach(() => (lines = []));

  it('adds the context to every line logged inside it, across awaits', async () => {
    const sut = makeLogger(lines);

    await runWithLogContext({ requestId: 'req-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      sut.info('inside');
    });
    sut.info('outside');

    expect(lines[0]).toMatchObject({ requestId: 'req-1', msg: 'inside' });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('leaves out keys a child logger binds, so no key is written twice', () => {
    const raw: string[] = [];
    const sut = pino({ mixin: logContextMixin }, { write: (line: string) => void raw.push(line) }).child({ queue: 'mail' });

    runWithLogContext({ queue: 'mail', jobId: '7' }, () => sut.info('sent'));

    expect(raw[0]!.match(/"queue"/g)).toHaveLength(1);
    expect(JSON.parse(raw[0]!)).toMatchObject({ queue: 'mail', jobId: '7' });
  });

  it('lets fields passed to the call win over the context', () => {
    const sut = makeLogger(lines);

    runWithLogContext({ jobId: 'from-context' }, () => sut.info({ jobId: 'explicit' }, 'line'));

    expect(lines[0]).toMatchObject({ jobId: 'explicit' });
  });
});

describe('LogJobContext', () => {
  it('runs process(job) with the queue and the ids of its payload as log context', async () => {
    const lines: object[] = [];
    const logger = makeLogger(lines);
    class Processor {
      @LogJobContext('identify')
      async process(_job: Job): Promise<string> {
        logger.info('working');
        return 'done';
      }
    }
    const job = { id: 'job-1', data: { identificationId: 'id-1', requestId: 'req-1', image: 'never logged' } } as unknown as Job;

    await expect(new Processor().process(job)).resolves.toBe('done');

    expect(lines[0]).toEqual(expect.objectContaining({ queue: 'identify', jobId: 'job-1', identificationId: 'id-1', requestId: 'req-1' }));
    expect(lines[0]).not.toHaveProperty('image');
  });
});

describe('jobLogContext', () => {
  it('tolerates payloads that are not objects (the processor rejects them itself)', () => {
    expect(jobLogContext('mail', { id: '3', data: 'garbage' })).toEqual({
      queue: 'mail',
      jobId: '3',
      identificationId: undefined,
      requestId: undefined,
    });
  });
});
