import { BadRequestException } from '@nestjs/common';

/** Keyset position in a newest-first list: stable under inserts, unlike offsets. */
export interface HistoryCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(value: string): HistoryCursor {
  const [iso, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new BadRequestException('The cursor is not valid; start again without it.');
  }
  return { createdAt, id };
}
