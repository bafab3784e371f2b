import type { Logger } from "pino";

/** One thing to stop: it stops taking work, finishes what it holds, and resolves. */
export interface ShutdownStep {
  name: string;
  stop(): Promise<void>;
}

export interface ShutdownResult {
  /** Every step finished within the bound. */
  done: boolean;
  /** The steps still running when the bound ran out. */
  pending: string[];
}

/** How long a graceful shutdown may take before the process exits anyway (README, "Deploy"). */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Runs the phases in order, the steps of one phase side by side (each phase starts once the
 * previous one has finished), within `timeoutMs` for them all. A step that fails is logged
 * and counts as finished: the others still stop. Never throws.
 */
export async function shutDown(phases: ShutdownStep[][], options: { log: Pick<Logger, "error">; timeoutMs?: number }): Promise<ShutdownResult> {
  const running = new Set<string>();
  const work = (async () => {
    for (const phase of phases) {
      await Promise.all(
        phase.map(async (step) => {
          running.add(step.name);
          try {
            await step.stop();
          } catch (err) {
            options.log.error({ err, step: step.name }, "stopping failed");
          } finally {
            running.delete(step.name);
          }
        }),
      );
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS);
  });
  const outcome = await Promise.race([work.then(() => "done" as const), bound]);
  clearTimeout(timer);
  return outcome === "done" ? { done: true, pending: [] } : { done: false, pending: [...running] };
}
