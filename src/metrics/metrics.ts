/**
 * What the bot counts and times, for `GET /metrics` (Prometheus text, README "Metrics"). One
 * `Metrics` owns one prom-client Registry of its own (never prom-client's global one), so a
 * test creates its own and reads exactly what it did. The layers record through the methods
 * below at their boundaries (the command router, the HTTP server and ingestion, the outbox
 * worker, the scheduler, re-scoring); they reach it as `deps.metrics` and record nothing when
 * it is absent (most tests). Label values are always from short fixed lists (command names
 * from the registry, reason codes, platform names), never from what someone typed.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** How a command ended: its reply's tone, or `failed` when it threw (a bug, answered politely). */
export type CommandOutcome = "ok" | "usage" | "error" | "refused" | "failed";

/** How one outbox message's delivery attempt ended (see DeliveryReport in the outbox worker). */
export type DeliveryResult = "sent" | "retried" | "failed" | "deferred" | "lost" | "released";

/** How a scheduled job's run ended: every team done, some teams failed, or the run itself threw. */
export type JobOutcome = "ok" | "partial" | "failed";

/** What caused a re-score: due leads (the job and the digest), a confirmed weights change, an ingested batch. */
export type RescoreTrigger = "due" | "weights" | "ingest" | "sources";

/** Unsent outbox messages of one platform and status, and when the oldest of them was written. */
export interface OutboxBacklog {
  platform: string;
  status: "pending" | "sending";
  count: number;
  oldestCreatedAt: Date | null;
}

/** One item's answer from an ingestion endpoint: its status, and for a rejected one its reason code. */
export interface IngestedItem {
  status: string;
  code?: string | undefined;
}

export interface MetricsOptions {
  /** Also report the process's own metrics (CPU, memory, event loop lag, GC): prom-client's defaults. Default false. */
  processMetrics?: boolean;
  /** The time outbox ages are measured against. Default: the system clock. */
  now?: () => Date;
  /** Where a failed outbox read during a scrape is reported (the scrape still answers). */
  onCollectError?: (error: unknown) => void;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const LONG_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export class Metrics {
  readonly registry = new Registry();
  private readonly commands: Counter<"command" | "outcome">;
  private readonly commandSeconds: Histogram<"command">;
  private readonly httpRequests: Counter<"route" | "status">;
  private readonly httpSeconds: Histogram<"route">;
  private readonly ingestItemsTotal: Counter<"endpoint" | "result" | "reason">;
  private readonly deliveries: Counter<"platform" | "result">;
  private readonly deliverySeconds: Histogram<"platform">;
  private readonly rateLimited: Counter<"platform">;
  private readonly jobRuns: Counter<"job" | "outcome">;
  private readonly jobSeconds: Histogram<"job">;
  private readonly jobLagSeconds: Gauge<"job">;
  private readonly jobLastSuccess: Gauge<"job">;
  private readonly rescoreSeconds: Histogram<"trigger">;
  private outboxSource: (() => Promise<OutboxBacklog[]>) | undefined;
  private outboxRead: Promise<OutboxBacklog[] | null> | undefined;

  constructor(private readonly options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.commands = new Counter({
      name: "leadbot_commands_total",
      help: "Chat commands run, by command and outcome (ok, usage, error, refused, failed = threw).",
      labelNames: ["command", "outcome"],
      registers,
    });
    this.commandSeconds = new Histogram({
      name: "leadbot_command_duration_seconds",
      help: "Time from a command line reaching the router to its reply.",
      labelNames: ["command"],
      buckets: SECONDS,
      registers,
    });
    this.httpRequests = new Counter({
      name: "leadbot_http_requests_total",
      help: "HTTP requests to the API port, by route and status.",
      labelNames: ["route", "status"],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: "leadbot_http_request_duration_seconds",
      help: "Time to answer an HTTP request, by route.",
      labelNames: ["route"],
      buckets: SECONDS,
      registers,
    });
    this.ingestItemsTotal = new Counter({
      name: "leadbot_ingest_items_total",
      help: "Items pushed to the ingestion API, by endpoint, result (accepted, duplicate, rejected, not_imported) and reason code of a rejection.",
      labelNames: ["endpoint", "result", "reason"],
      registers,
    });
    this.deliveries = new Counter({
      name: "leadbot_outbox_deliveries_total",
      help: "Outbox delivery attempts, by platform and result (sent, retried, failed, deferred, lost, released).",
      labelNames: ["platform", "result"],
      registers,
    });
    this.deliverySeconds = new Histogram({
      name: "leadbot_outbox_send_duration_seconds",
      help: "Time a platform took to take (or refuse) one outbox message.",
      labelNames: ["platform"],
      buckets: SECONDS,
      registers,
    });
    this.rateLimited = new Counter({
      name: "leadbot_outbox_rate_limited_total",
      help: "Sends the platform answered with 429 (too many requests) and a Retry-After.",
      labelNames: ["platform"],
      registers,
    });
    // Read when scraped, not kept up to date: one grouped count over the outbox's status index.
    const depth: Gauge<"platform" | "status"> = new Gauge({
      name: "leadbot_outbox_depth",
      help: "Outbox messages not yet sent, by platform and status (pending: waiting or to retry; sending: claimed).",
      labelNames: ["platform", "status"],
      registers,
      collect: async () => {
        depth.reset();
        for (const row of (await this.backlog()) ?? []) depth.set({ platform: row.platform, status: row.status }, row.count);
      },
    });
    const oldestAge: Gauge<"platform"> = new Gauge({
      name: "leadbot_outbox_oldest_age_seconds",
      help: "Age of the oldest outbox message not yet sent, by platform.",
      labelNames: ["platform"],
      registers,
      collect: async () => {
        oldestAge.reset();
        const now = (this.options.now ?? (() => new Date()))().getTime();
        const oldest = new Map<string, number>();
        for (const row of (await this.backlog()) ?? []) {
          if (!row.oldestCreatedAt) continue;
          oldest.set(row.platform, Math.min(oldest.get(row.platform) ?? Infinity, row.oldestCreatedAt.getTime()));
        }
        for (const [platform, at] of oldest) oldestAge.set({ platform }, Math.max(0, (now - at) / 1000));
      },
    });
    this.jobRuns = new Counter({
      name: "leadbot_job_runs_total",
      help: "Scheduled job runs, by job and outcome (ok, partial = some teams failed, failed).",
      labelNames: ["job", "outcome"],
      registers,
    });
    this.jobSeconds = new Histogram({
      name: "leadbot_job_duration_seconds",
      help: "Time a scheduled job's run took.",
      labelNames: ["job"],
      buckets: LONG_SECONDS,
      registers,
    });
    this.jobLagSeconds = new Gauge({
      name: "leadbot_job_lag_seconds",
      help: "How late the job's last scheduled run started after its scheduled time.",
      labelNames: ["job"],
      registers,
    });
    this.jobLastSuccess = new Gauge({
      name: "leadbot_job_last_success_timestamp_seconds",
      help: "When the job's last run that failed for no team ended (Unix time).",
      labelNames: ["job"],
      registers,
    });
    this.rescoreSeconds = new Histogram({
      name: "leadbot_rescore_duration_seconds",
      help: "Time one re-score took, by trigger: due (a batch of leads whose points expired), weights (a team after a confirmed change), ingest (a batch's leads), sources (the leads a confirmed source mapping change re-typed events of).",
      labelNames: ["trigger"],
      buckets: LONG_SECONDS,
      registers,
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Every metric in Prometheus' text format, and the content type to answer it with. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    try {
      return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    } finally {
      this.outboxRead = undefined;
    }
  }

  command(command: string, outcome: CommandOutcome, seconds: number): void {
    this.commands.inc({ command, outcome });
    this.commandSeconds.observe({ command }, seconds);
  }

  httpRequest(route: string, status: number, seconds: number): void {
    this.httpRequests.inc({ route, status: String(status) });
    this.httpSeconds.observe({ route }, seconds);
  }

  /** Counts a batch's items, one increment per (result, reason). */
  ingestItems(endpoint: string, items: readonly IngestedItem[]): void {
    const counts = new Map<string, number>();
    for (const item of items) {
      const key = `${item.status}\u0000${item.status === "rejected" || item.status === "not_imported" ? (item.code ?? "other") : ""}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts) {
      const [result, reason] = key.split("\u0000") as [string, string];
      this.ingestItemsTotal.inc({ endpoint, result, reason }, n);
    }
  }

  delivery(platform: string, result: DeliveryResult): void {
    this.deliveries.inc({ platform, result });
  }

  /** One send to a platform: how long it took, and whether it was a 429. */
  send(platform: string, seconds: number, rateLimited: boolean): void {
    this.deliverySeconds.observe({ platform }, seconds);
    if (rateLimited) this.rateLimited.inc({ platform });
  }

  jobRun(job: string, outcome: JobOutcome, seconds: number, endedAt: Date = new Date()): void {
    this.jobRuns.inc({ job, outcome });
    this.jobSeconds.observe({ job }, seconds);
    if (outcome === "ok") this.jobLastSuccess.set({ job }, endedAt.getTime() / 1000);
  }

  jobLag(job: string, seconds: number): void {
    this.jobLagSeconds.set({ job }, Math.max(0, seconds));
  }

  rescore(trigger: RescoreTrigger, seconds: number): void {
    this.rescoreSeconds.observe({ trigger }, seconds);
  }

  /** Where the outbox gauges come from: read once per scrape (a grouped count over the status index). */
  watchOutbox(read: () => Promise<OutboxBacklog[]>): void {
    this.outboxSource = read;
  }

  /** The outbox backlog for this scrape: one read shared by both gauges; null when it failed (the gauges stay empty). */
  private backlog(): Promise<OutboxBacklog[] | null> {
    const read = this.outboxSource;
    if (!read) return Promise.resolve(null);
    this.outboxRead ??= read().catch((error: unknown) => {
      this.options.onCollectError?.(error);
      return null;
    });
    return this.outboxRead;
  }
}
