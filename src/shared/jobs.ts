/**
 * Background jobs (deadline sweepers and the like): each feature registers jobs; every instance runs them on an
 * interval. A job must be safe to run on several instances at once (claim rows with a version check or
 * `SKIP LOCKED`), because it will be.
 */
import type { Logger } from 'pino';
import type { AppServices } from './context';

export interface BackgroundJob {
  readonly name: string;
  /** How often to run. */
  intervalMs(app: AppServices): number;
  /** One pass; returns how many items it handled. */
  run(app: AppServices): Promise<number>;
}

export class JobRunner {
  private timers = new Map<string, NodeJS.Timeout>();
  private running = new Map<string, Promise<number>>();
  private stopped = true;

  constructor(
    private readonly app: AppServices,
    private readonly jobs: readonly BackgroundJob[],
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    for (const job of this.jobs) this.schedule(job);
  }

  /** Runs one pass of a job now (tests, and operators via a script). */
  async runNow(name: string): Promise<number> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no background job named ${name}`);
    return this.pass(job);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.allSettled([...this.running.values()]);
  }

  private schedule(job: BackgroundJob): void {
    if (this.stopped) return;
    const timer = setTimeout(async () => {
      await this.pass(job).catch((error) => this.logger.warn({ err: error, job: job.name }, 'background job failed; will retry'));
      this.schedule(job);
    }, job.intervalMs(this.app));
    timer.unref();
    this.timers.set(job.name, timer);
  }

  private pass(job: BackgroundJob): Promise<number> {
    const current = this.running.get(job.name);
    if (current) return current;
    const run = job.run(this.app).finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }
}
