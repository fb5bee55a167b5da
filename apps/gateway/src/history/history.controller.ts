import { BadRequestException, Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user';
import type { SignedInUser } from '../auth/session.service';
import { decodeCursor } from './history-cursor';
import { historyCsvHeader, historyCsvLine } from './history-csv';
import { HistoryService, claimSchema } from './history.service';

const listQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

@Controller('api/me/identifications')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get()
  async list(@CurrentUser() user: SignedInUser, @Query() query: unknown) {
    const parsed = listQuerySchema.safeParse(query);
    if (!parsed.success) throw new BadRequestException('limit must be a whole number from 1 to 100.');
    return this.history.list(user.id, parsed.data.limit, parsed.data.cursor ? decodeCursor(parsed.data.cursor) : undefined);
  }

  @Get('export')
  async export(@CurrentUser() user: SignedInUser, @Query('format') format: unknown, @Res() response: Response): Promise<void> {
    if (format !== 'csv') throw new BadRequestException('Only format=csv is supported.');
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="wildid-history.csv"');
    response.write(`${historyCsvHeader()}\r\n`);
    for await (const row of this.history.exportRows(user.id)) response.write(`${historyCsvLine(row)}\r\n`);
    response.end();
  }

  @Post('claim')
  @HttpCode(200)
  async claim(@CurrentUser() user: SignedInUser, @Body() body: unknown): Promise<{ claimed: number }> {
    const parsed = claimSchema.safeParse(body);
    if (!parsed.success) throw new BadRequestException('Send { identifications: [{ id, accessToken }, …] } (1 to 200 items).');
    return { claimed: await this.history.claim(user.id, parsed.data.identifications) };
  }
}
