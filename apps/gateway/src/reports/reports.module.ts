import { Module } from '@nestjs/common';
import { AdminGuard } from '../admin/admin.guard';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AdminReportsController } from './admin-reports.controller';
import { ReportQueueService } from './report-queue.service';
import { ReportService } from './report.service';
import { ReportStore } from './report.store';
import { ReportsController } from './reports.controller';

@Module({
  imports: [RateLimitModule],
  controllers: [ReportsController, AdminReportsController],
  providers: [ReportService, ReportQueueService, ReportStore, AdminGuard],
})
export class ReportsModule {}
