import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import { logContextMixin } from './log-context';
import { redactSecrets } from './redact';

/** pino's own redaction for the request logger's fixed paths; redactSecrets covers every depth. */
const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

/** `destination`: stdout unless given (specs read the lines back). */
export function createLogger(app: string, level: string, destination?: DestinationStream): Logger {
  const options = {
    name: app,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { log: redactSecrets },
    // Request and job ids of whatever is running (see log-context.ts).
    mixin: logContextMixin,
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Routes Nest's `Logger` calls into the app's pino logger as JSON lines. A call
 * with an object, `logger.log({ msg: 'completed', identificationId })`, writes
 * its fields as fields: the structured style every app uses.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, { context });
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, { context, trace });
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, { context });
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, { context });
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, { context });
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, fields: Record<string, unknown>): void {
    if (message === null || typeof message !== 'object' || message instanceof Error) {
      this.logger[level](fields, message instanceof Error ? message.message : String(message));
      return;
    }
    const { msg, ...rest } = message as Record<string, unknown>;
    this.logger[level]({ ...fields, ...rest }, typeof msg === 'string' ? msg : undefined);
  }
}
