import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { isDatabaseUnavailable, isRedisUnavailable } from '@wildid/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { mustCloseAfterAnswer } from '../http/close-after-answer';
import { RateLimitedException } from '../rate-limit/rate-limited.exception';

export interface HttpErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/** Every HTTP error leaves as `{ statusCode, error, message }`; stack traces stay in the logs. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(body.message, exception instanceof Error ? exception.stack : String(exception));
    if (response.headersSent) return;
    if (mustCloseAfterAnswer(host.switchToHttp().getRequest<Request>())) response.setHeader('Connection', 'close');
    if (isHealthReport(exception)) {
      // Terminus names the dependency that is down in its own body; operators and Docker read it as is.
      response.status(body.statusCode).json(exception.getResponse());
      return;
    }
    if (exception instanceof RateLimitedException) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): HttpErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: messageOf(exception) };
    }
    if (isDatabaseUnavailable(exception)) {
      return serviceUnavailable('The database is unreachable right now. Please try again in a minute.');
    }
    if (isRedisUnavailable(exception)) {
      return serviceUnavailable('The job queue is unreachable right now. Please try again in a minute.');
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side. Please try again.',
    };
  }
}

function isHealthReport(exception: unknown): exception is HttpException {
  if (!(exception instanceof HttpException)) return false;
  const payload = exception.getResponse();
  return typeof payload === 'object' && payload !== null && 'details' in payload && 'status' in payload;
}

function serviceUnavailable(message: string): HttpErrorBody {
  return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message };
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
