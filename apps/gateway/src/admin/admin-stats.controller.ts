import { BadRequestException, Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { AdminGuard } from './admin.guard';
import { type AdminStats, AdminStatsService } from './admin-stats.service';

const statsQuerySchema = z.object({ recent: z.coerce.number().int().min(1).max(200).default(20) });

@Controller('api/admin')
@UseGuards(AdminGuard)
export class AdminStatsController {
  constructor(private readonly stats: AdminStatsService) {}

  @Get('stats')
  @Header('Cache-Control', 'no-store')
  async get(@Query() query: unknown): Promise<AdminStats> {
    const parsed = statsQuerySchema.safeParse(query);
    if (!parsed.success) throw new BadRequestException('recent must be a whole number from 1 to 200.');
    return this.stats.stats(parsed.data.recent);
  }
}
