import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { IdentificationView } from '@wildid/common';

type ChangedListener = (ownerId: string, view: IdentificationView) => void;

/**
 * "The owner changed this identification" (a review, after the row changed), announced by the gateway's
 * services; the realtime module pushes it to the owner's sockets on every gateway. The workers' changes go
 * through the Redis emitter instead.
 */
@Injectable()
export class IdentificationChanges {
  private readonly emitter = new EventEmitter();

  changed(ownerId: string, view: IdentificationView): void {
    this.emitter.emit('changed', ownerId, view);
  }

  onChanged(listener: ChangedListener): () => void {
    this.emitter.on('changed', listener);
    return () => this.emitter.off('changed', listener);
  }
}
