/**
 * Work a platform has taken and not finished (a command being answered after Slack's ack, a
 * console line), so that its `stop()` can wait for it: the contract's "waits for those in
 * progress" (src/platforms/contract.ts).
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  /** Runs `work`, counted until it settles. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    const tracked = running.finally(() => this.running.delete(tracked));
    // Only counted here: the caller handles the outcome of `running`.
    tracked.catch(() => {});
    this.running.add(tracked);
    return running;
  }

  /** Resolves once nothing runs, work started meanwhile included. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
