import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

type EndedListener = (sessionIds: string[]) => void;

/**
 * "These sessions ended", announced by SessionService after the rows changed.
 * The realtime module listens and closes the sessions' sockets on every
 * gateway; auth knows nothing about sockets.
 */
@Injectable()
export class SessionEvents {
  private readonly emitter = new EventEmitter();

  ended(sessionIds: string[]): void {
    if (sessionIds.length > 0) this.emitter.emit('ended', sessionIds);
  }

  onEnded(listener: EndedListener): () => void {
    this.emitter.on('ended', listener);
    return () => this.emitter.off('ended', listener);
  }
}
