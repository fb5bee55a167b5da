import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { logContextMixin } from './log-context';

/** Secrets and personal data that must never reach a log line. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'accessToken',
  'token',
  'email',
  '*.accessToken',
  '*.token',
  '*.email',
];

export function createLogger(app: string, level: string): Logger {
  return pino({
    name: app,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Request and job ids of whatever is running (see log-context.ts).
    mixin: logContextMixin,
  });
}

/** Routes Nest's own log calls into the app's pino logger as JSON lines. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
