import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 carrying how long to wait; the error filter turns it into a Retry-After header. */
export class RateLimitedException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    what: string,
    message = `Too many ${what}. Try again in ${describeWait(retryAfterSeconds)}.`,
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
