/**
 * A push-based async iterator with a bounded buffer: the bridge from pub/sub callbacks to a subscription.
 * When a consumer falls more than `maxBuffered` events behind, the queue ends with {@link SlowConsumerError}
 * instead of growing without bound; the client resumes from its last cursor.
 */
export class SlowConsumerError extends Error {
  constructor(readonly maxBuffered: number) {
    super(`The subscriber fell more than ${maxBuffered} events behind; resubscribe with your last cursor.`);
    this.name = 'SlowConsumerError';
  }
}

export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private readonly waiting: Array<(result: IteratorResult<T>) => void> = [];
  private readonly rejecting: Array<(error: unknown) => void> = [];
  private failure: unknown = undefined;
  private done = false;

  constructor(
    private readonly maxBuffered: number,
    private readonly onClose: () => void = () => {},
  ) {}

  push(value: T): void {
    if (this.done) return;
    const resolve = this.waiting.shift();
    if (resolve) {
      this.rejecting.shift();
      resolve({ value, done: false });
      return;
    }
    if (this.buffer.length >= this.maxBuffered) {
      this.fail(new SlowConsumerError(this.maxBuffered));
      return;
    }
    this.buffer.push(value);
  }

  /** Ends the iteration with an error, delivered after nothing else. */
  fail(error: unknown): void {
    if (this.done) return;
    this.failure = error;
    this.buffer.length = 0;
    this.finish();
    for (const reject of this.rejecting.splice(0)) reject(error);
    this.waiting.length = 0;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift()!, done: false });
    if (this.failure !== undefined) {
      const error = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      this.rejecting.push(reject);
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.buffer.length = 0;
    this.failure = undefined;
    this.finish();
    for (const resolve of this.waiting.splice(0)) resolve({ value: undefined, done: true });
    this.rejecting.length = 0;
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.fail(error);
    return this.next();
  }

  get size(): number {
    return this.buffer.length;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.onClose();
  }
}
