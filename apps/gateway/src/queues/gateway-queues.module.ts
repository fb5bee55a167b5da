import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { IDENTIFY_QUEUE, MAIL_QUEUE, MAINTENANCE_QUEUE } from '@wildid/common';
import { QueueOutlook } from './queue-outlook.service';
import { QueueOutlookStore } from './queue-outlook.store';

/** Every queue the gateway touches, registered once (and where a queued photo stands in them): one Queue (and one set of Redis connections) each, injected wherever needed. */
export const GATEWAY_QUEUES = [IDENTIFY_QUEUE, MAIL_QUEUE, MAINTENANCE_QUEUE];

const registered = BullModule.registerQueue(...GATEWAY_QUEUES.map((name) => ({ name })));

@Global()
@Module({ imports: [registered], providers: [QueueOutlook, QueueOutlookStore], exports: [registered, QueueOutlook] })
export class GatewayQueuesModule {}
