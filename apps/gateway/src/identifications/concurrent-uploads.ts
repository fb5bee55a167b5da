/**
 * Uploads in flight per client on this gateway. Each holds up to UPLOAD_MAX_BYTES in this
 * process's memory while it is read and normalized, so the count is per process, not shared.
 */
export class ConcurrentUploads {
  private readonly inFlight = new Map<string, number>();

  /** limit 0: no cap. */
  constructor(private readonly limit: number) {}

  /** Takes a place for `client`; false when it already has `limit` uploads in flight. */
  tryAcquire(client: string): boolean {
    const current = this.inFlight.get(client) ?? 0;
    if (this.limit > 0 && current >= this.limit) return false;
    this.inFlight.set(client, current + 1);
    return true;
  }

  release(client: string): void {
    const current = this.inFlight.get(client) ?? 0;
    if (current <= 1) this.inFlight.delete(client);
    else this.inFlight.set(client, current - 1);
  }
}
