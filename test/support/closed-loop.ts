const ADMIT_RECHECK_MS = 25;

/**
 * A closed-loop load, shared by the bench and the Swarm test: each lane starts its
 * next step as soon as its last one ended, so the load follows the system's pace
 * instead of a fixed rate. `step` gets its lane's index (a lane may own a client).
 */
export class ClosedLoop {
  private running = false;
  private lanes: Promise<void>[] = [];
  private busy = 0;

  constructor(
    private readonly step: (lane: number) => Promise<void>,
    /** Asked before each new step; while false, the lane waits (e.g. while too much accepted work is unfinished). */
    private readonly admit: () => boolean = () => true,
  ) {}

  /** Steps started and not yet ended. */
  get inProgress(): number {
    return this.busy;
  }

  /** `lanes`: steps in progress at once at the most. */
  start(lanes: number): void {
    this.running = true;
    this.lanes = Array.from({ length: lanes }, (_, lane) => this.run(lane));
  }

  /** No step starts after this; resolves once the steps in progress have ended. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.lanes);
  }

  private async run(lane: number): Promise<void> {
    while (this.running) {
      if (!this.admit()) {
        await new Promise((resolve) => setTimeout(resolve, ADMIT_RECHECK_MS));
        continue;
      }
      this.busy += 1;
      try {
        await this.step(lane);
      } finally {
        this.busy -= 1;
      }
    }
  }
}
