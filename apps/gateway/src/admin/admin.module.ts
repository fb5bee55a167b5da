import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BULL_BOARD_ADAPTER, BullBoardModule, type BullBoardModuleOptions } from '@bull-board/nestjs';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Express } from 'express';
import { MAIL_QUEUE } from '@wildid/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { GATEWAY_QUEUES } from '../queues/gateway-queues.module';
import { AdminStatsController } from './admin-stats.controller';
import { ModelStateReader } from '../health/model-state.reader';
import { ModelStatsService } from './model-stats.service';
import { ModelReviewStatsStore } from './model-review-stats.store';
import { AdminStatsService } from './admin-stats.service';
import { AdminGuard } from './admin.guard';
import { IdentificationStatsStore } from './identification-stats.store';
import { MailQueueDashboardAdapter } from './mail-queue-dashboard.adapter';
import { DASHBOARD_ROUTE, dashboardBasePath, publicBasePath, queueDashboardGate } from './queue-dashboard';

/** Mail jobs carry addresses: that queue gets its own read-only adapter that hides them. */
const dashboardAdapterOf = (name: string) => (name === MAIL_QUEUE ? MailQueueDashboardAdapter : BullMQAdapter);

/**
 * Bull Board mounts its express app as Nest middleware of a global module, in
 * one chain with `middleware`: the gate runs right before it, whatever else is
 * mounted where. Nest mounts global modules' middleware first, in the order the
 * modules were added, and GatewayModule (the root, also global) comes before
 * Bull Board's: so SessionMiddleware (which the gate reads) and
 * OriginCheckMiddleware (CSRF, for the board's PUT actions) run before both.
 * test/admin.e2e.spec.ts proves that order. Were it ever reversed, the gate
 * would see no user and answer 404 to everyone: it fails closed.
 */
function dashboardOptions(config: GatewayConfig): BullBoardModuleOptions {
  return {
    route: DASHBOARD_ROUTE,
    adapter: ExpressAdapter,
    middleware: queueDashboardGate,
    boardOptions: {
      uiConfig: {
        boardTitle: 'WildID queues',
        showMetrics: true,
        miscLinks: [{ text: 'Back to WildID', url: publicBasePath(config.PUBLIC_URL) }],
      },
    },
  };
}

@Module({
  imports: [
    BullBoardModule.forRootAsync({ useFactory: dashboardOptions, inject: [GATEWAY_CONFIG] }),
    BullBoardModule.forFeature(...GATEWAY_QUEUES.map((name) => ({ name, adapter: dashboardAdapterOf(name) }))),
  ],
  controllers: [AdminStatsController],
  providers: [AdminStatsService, ModelStatsService, ModelReviewStatsStore, IdentificationStatsStore, ModelStateReader, AdminGuard],
})
export class AdminModule implements OnModuleInit {
  constructor(
    @Inject(BULL_BOARD_ADAPTER) private readonly dashboard: ExpressAdapter,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    // Bull Board sets its base path from the route when it mounts; behind a sub-path the browser needs the public one.
    this.dashboard.setBasePath(dashboardBasePath(this.config.PUBLIC_URL));
    // Its router is an express app of its own: it would send the X-Powered-By header the gateway turns off.
    (this.dashboard.getRouter() as Express).disable('x-powered-by');
  }
}
