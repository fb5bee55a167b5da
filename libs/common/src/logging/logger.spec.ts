import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NestPinoLogger, createLogger } from './logger';

function makeSut() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger('test-app', 'info', destination);
  return { logger, sut: new NestPinoLogger(logger), lines };
}

describe(NestPinoLogger.name, () => {
  describe('log', () => {
    it('writes an object message as fields, its msg as the message', () => {
      const { sut, lines } = makeSut();

      sut.log({ msg: 'identification completed', identificationId: 'id-1', latencyMs: 12 }, 'IdentifyService');

      expect(lines[0]).toMatchObject({ msg: 'identification completed', identificationId: 'id-1', latencyMs: 12, context: 'IdentifyService', level: 30 });
    });

    it('writes a string message as before', () => {
      const { sut, lines } = makeSut();

      sut.warn('plain words', 'Somewhere');

      expect(lines[0]).toMatchObject({ msg: 'plain words', context: 'Somewhere', level: 40 });
    });
  });
});

describe(createLogger.name, () => {
  it('redacts tokens, addresses and credentials at any depth, in arrays too', () => {
    const { logger, lines } = makeSut();

    logger.info(
      { job: { data: { email: 'a@example.org', sealedToken: 'x', nested: { accessToken: 't', Authorization: 'Bearer y' } } }, to: ['b@example.org'], kept: 'visible' },
      'line',
    );

    expect(lines[0]).toMatchObject({
      job: { data: { email: '[redacted]', sealedToken: '[redacted]', nested: { accessToken: '[redacted]', Authorization: '[redacted]' } } },
      to: '[redacted]',
      kept: 'visible',
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/example\.org|Bearer/);
  });

  it('still redacts the request logger\'s headers', () => {
    const { logger, lines } = makeSut();

    logger.info({ req: { headers: { authorization: 'Bearer z', cookie: 'wildid_session=s' } } }, 'request');

    expect(lines[0]).toMatchObject({ req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } } });
  });
});
