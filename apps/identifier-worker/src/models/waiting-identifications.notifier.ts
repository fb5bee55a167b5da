import { Injectable } from '@nestjs/common';
import { type IdentificationNotice, withNotice } from '@wildid/common';
import { IdentificationPublisher } from '../identify/identification.publisher';
import { IdentificationStore } from '../identify/identification.store';

// Bounded work when a pause begins or ends; later ones learn it when they subscribe or read.
const MAX_NOTIFIED = 1_000;

/** Tells the people waiting on queued identifications that identification paused (a notice) or resumed (none). */
@Injectable()
export class WaitingIdentificationsNotifier {
  constructor(
    private readonly store: IdentificationStore,
    private readonly publisher: IdentificationPublisher,
  ) {}

  async notify(notice: IdentificationNotice | null): Promise<void> {
    for (const change of await this.store.listQueued(MAX_NOTIFIED)) {
      this.publisher.publish({ ...change, view: withNotice(change.view, notice) });
    }
  }
}
