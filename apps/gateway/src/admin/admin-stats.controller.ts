import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { AdminGuard } from './admin.guard';
import { type AdminStats, AdminStatsService } from './admin-stats.service';

export const statsQuerySchema = z.object({ recent: z.coerce.number().int().min(1).max(200).default(20) });
export const STATS_QUERY_INVALID = 'recent must be a whole number from 1 to 200.';

@Controller('api/admin')
@UseGuards(AdminGuard)
export class AdminStatsController {
  constructor(private readonly stats: AdminStatsService) {}

  @Get('stats')
  @Header('Cache-Control', 'no-store')
  async get(@Query(new ZodValidationPipe(statsQuerySchema, STATS_QUERY_INVALID)) query: z.output<typeof statsQuerySchema>): Promise<AdminStats> {
    return this.stats.stats(query.recent);
  }
}
