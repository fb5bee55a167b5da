import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Parses a body or query with its zod schema and hands the handler the parsed
 * value; anything else is a 400 with a message saying what to send. The same
 * schemas describe the API (api-docs/), so what is documented is what is checked.
 */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.output<Schema>> {
  constructor(
    readonly schema: Schema,
    private readonly message: string,
  ) {}

  transform(value: unknown): z.output<Schema> {
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) throw new BadRequestException(this.message);
    return parsed.data;
  }
}
