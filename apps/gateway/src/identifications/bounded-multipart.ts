import { BadRequestException, type HttpException } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import { MulterError } from 'multer';

/**
 * Runs a multer handler over the request, answering `tooLarge()` as soon as the raw body
 * passes `maxBodyBytes`. multer reports its own size limit only after draining the rest of
 * the body, so a client that streams on (chunked, no Content-Length) would wait for its
 * answer as long as it keeps sending. The remainder is still read and discarded, never held.
 * multer's own errors become answers for a person: too large, `wrongFiles` (too many files or an
 * unknown field), or a form with too many or too large fields.
 */
export function receiveBounded(
  request: Request,
  response: Response,
  receive: RequestHandler,
  bounds: { maxBodyBytes: number; tooLarge: () => HttpException; wrongFiles: string },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let received = 0;
    const count = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= bounds.maxBodyBytes) return;
      request.off('data', count);
      reject(bounds.tooLarge());
    };
    // Attached in the same tick as multer's pipe, so both see every chunk.
    request.on('data', count);
    receive(request, response, (error?: unknown) => {
      request.off('data', count);
      if (!error) resolve();
      else if (error instanceof MulterError) reject(describeMulterError(error, bounds));
      else reject(new BadRequestException(`The upload is not valid multipart/form-data (${error instanceof Error ? error.message : String(error)}). Send it again.`));
    });
  });
}

function describeMulterError(error: MulterError, bounds: { tooLarge: () => HttpException; wrongFiles: string }): HttpException {
  switch (error.code) {
    case 'LIMIT_FILE_SIZE':
      return bounds.tooLarge();
    case 'LIMIT_FILE_COUNT':
    case 'LIMIT_UNEXPECTED_FILE':
      return new BadRequestException(bounds.wrongFiles);
    default:
      return new BadRequestException(`The upload has too many or too large form fields (${error.message}).`);
  }
}
