import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { IDENTIFY_QUEUE, MAIL_QUEUE, MAINTENANCE_QUEUE } from '@wildid/common';

/** Every queue the gateway touches, registered once: one Queue (and one set of Redis connections) each, injected wherever needed. */
export const GATEWAY_QUEUES = [IDENTIFY_QUEUE, MAIL_QUEUE, MAINTENANCE_QUEUE];

const registered = BullModule.registerQueue(...GATEWAY_QUEUES.map((name) => ({ name })));

@Global()
@Module({ imports: [registered], exports: [registered] })
export class GatewayQueuesModule {}
