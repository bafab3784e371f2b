import cron, { type ScheduledTask, type Logger as CronLogger } from "node-cron";
import { secondsSince } from "../metrics/elapsed.js";
import type { JobOutcome } from "../metrics/metrics.js";
import type { ServiceDeps } from "../services/deps.js";
import * as anonymousRetentionJob from "./anonymous-retention.job.js";
import * as digestJob from "./digest.job.js";
import type { JobLog } from "./job-log.js";
import { DEFAULT_ANONYMOUS_RETENTION_DAYS } from "./jobs.config.js";
import * as rescoreJob from "./rescore.job.js";

export interface JobOptions {
  /** Re-score leads whose nextChangeAt passed (default on). */
  rescore?: boolean;
  /** Check for due digests every minute (default on). */
  digest?: boolean;
  /** Delete anonymous visitors' activity older than `anonymousRetentionDays`, daily (default on). */
  retention?: boolean;
  /** ANONYMOUS_RETENTION_DAYS (default 90). */
  anonymousRetentionDays?: number;
  /** Run each once at start-up, so a digest missed while the bot was down goes out now (default on). */
  catchUp?: boolean;
}

export interface JobsHandle {
  /** Settles when the start-up catch-up run is over (it never rejects). */
  startup: Promise<void>;
  /**
   * Stops the schedules and waits for runs in progress, which stop after the team they are on
   * (what is left is due again at the next start).
   */
  stop(): Promise<void>;
}

interface Job {
  name: string;
  schedule: string;
  /** Resolves with its summary; `failed` lists the teams it failed for. */
  run(deps: ServiceDeps, log: JobLog, signal?: AbortSignal): Promise<{ failed: unknown[] }>;
}

/** The jobs, in the order the start-up run takes them. */
function jobsOf(options: JobOptions): Array<Job & { option: "rescore" | "digest" | "retention" }> {
  const days = options.anonymousRetentionDays ?? DEFAULT_ANONYMOUS_RETENTION_DAYS;
  return [
    // Re-score first, so a start-up digest is built from current scores (it re-scores its team anyway).
    { name: "rescore-due-leads", schedule: rescoreJob.RESCORE_SCHEDULE, run: rescoreJob.run, option: "rescore" },
    { name: "digest-check", schedule: digestJob.DIGEST_CHECK_SCHEDULE, run: digestJob.run, option: "digest" },
    // Last: a large backlog of old anonymous activity never delays a digest at start-up.
    {
      name: "anonymous-retention",
      schedule: anonymousRetentionJob.ANONYMOUS_RETENTION_SCHEDULE,
      run: (deps, log, signal) => anonymousRetentionJob.run(deps, log, signal, days),
      option: "retention",
    },
  ];
}

/**
 * Starts the scheduled jobs: re-scoring due leads and the per-team digest check, every minute,
 * and deleting expired anonymous activity, daily; plus one catch-up run of each at start-up.
 * Several instances may run them at once: the digest's JobRun unique key and the re-score's
 * per-team advisory lock make each piece of work happen once, and the retention job's deletes
 * are idempotent. Time comes from `deps.clock`, so tests control it.
 */
export function startJobs({ deps, log, options = {} }: { deps: ServiceDeps; log: JobLog; options?: JobOptions }): JobsHandle {
  const cronLog: CronLogger = {
    info: (message) => log.debug({ source: "node-cron" }, message),
    warn: (message) => log.warn({ source: "node-cron" }, message),
    error: (message, err) => log.error({ source: "node-cron", err: err ?? message }, String(message)),
    debug: (message) => log.debug({ source: "node-cron" }, String(message)),
  };
  const inFlight = new Set<Promise<void>>();
  const busy = new Set<string>();
  const stopping = new AbortController();
  /** One run of a job at a time in this process (the start-up run and a tick may meet). */
  const runOnce = (job: Job): Promise<void> => {
    if (busy.has(job.name) || stopping.signal.aborted) return Promise.resolve();
    busy.add(job.name);
    const started = performance.now();
    const finished = (outcome: JobOutcome) => deps.metrics?.jobRun(job.name, outcome, secondsSince(started));
    const running = job
      .run(deps, log, stopping.signal)
      .then(
        (summary) => finished(summary.failed.length > 0 ? "partial" : "ok"),
        (err: unknown) => {
          finished("failed");
          log.error({ err, job: job.name }, "scheduled job failed");
        },
      )
      .finally(() => {
        busy.delete(job.name);
        inFlight.delete(running);
      });
    inFlight.add(running);
    return running;
  };

  const enabled = jobsOf(options).filter((job) => options[job.option] !== false);
  const tasks: ScheduledTask[] = enabled.map((job) =>
    cron.schedule(
      job.schedule,
      (context) => {
        // How late this tick started after its scheduled second: a busy event loop, or a stalled process.
        deps.metrics?.jobLag(job.name, (Date.now() - context.date.getTime()) / 1000);
        return runOnce(job);
      },
      {
        name: job.name,
        // Patterns are plain "every minute" (or a fixed UTC hour); each team's own time zone is applied in the job.
        timezone: "UTC",
        noOverlap: true,
        logger: cronLog,
      },
    ),
  );
  const startup =
    options.catchUp === false
      ? Promise.resolve()
      : (async () => {
          for (const job of enabled) await runOnce(job);
        })();

  return {
    startup,
    async stop() {
      stopping.abort();
      for (const task of tasks) await task.destroy();
      await startup;
      await Promise.all([...inFlight]);
    },
  };
}
