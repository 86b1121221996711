/**
 * The only module that reads `process.env`. Everything else receives a frozen {@link Config}.
 * Tests build their own with `loadConfig({ ...overrides })` and never touch the environment.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultGuidelines, parseGuidelineRules, type GuidelineRules } from '../catalog/product-guidelines';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Query limits, applied identically over HTTP and WebSocket. */
export interface QueryLimits {
  /** Deepest selection nesting allowed. @default 12 */
  readonly maxDepth: number;
  /** Highest estimated cost (graphql-armor cost model) of one operation. @default 5000 */
  readonly maxCost: number;
  /** Most aliases in one operation. @default 30 */
  readonly maxAliases: number;
  /** Most directives in one operation. @default 50 */
  readonly maxDirectives: number;
  /** Most lexical tokens in one document. @default 5000 */
  readonly maxTokens: number;
  /** Largest HTTP request body, in bytes. @default 102_400 // 100 KiB */
  readonly maxBodyBytes: number;
  /** Largest WebSocket message, in bytes. @default 102_400 // 100 KiB */
  readonly maxWsPayloadBytes: number;
  /** Largest `first` / `last` of a connection. @default 100 */
  readonly maxPageSize: number;
}

/** WebSocket connections: what one client may hold, and when the server gives up on it. */
export interface WebSocketLimits {
  /**
   * `WS_MAX_SUBSCRIPTIONS_PER_CONNECTION`: concurrent subscriptions on one socket; one more fails with
   * TOO_MANY_SUBSCRIPTIONS (the socket and its other subscriptions live on). @default 20
   */
  readonly maxSubscriptionsPerConnection: number;
  /**
   * `WS_MAX_BUFFERED_BYTES`: unsent bytes the server keeps for one socket whose client does not read; past this the
   * socket is closed with 4413 and the client resubscribes with its cursors. @default 1_048_576 // 1 MiB
   */
  readonly maxBufferedBytes: number;
  /** `WS_KEEPALIVE_MS`: the server pings each socket this often and cuts off a peer that has not answered within as long. @default 12_000 */
  readonly keepAliveMs: number;
}

/** Order deadlines (DESIGN §5). */
export interface OrderDeadlines {
  /** `PAYMENT_WINDOW_MINUTES`: an unpaid order is cancelled after this. @default 60 */
  readonly paymentWindowMinutes: number;
  /** `FREE_CANCEL_MINUTES`: after payment, the buyer may cancel without approval this long. @default 60 */
  readonly freeCancelMinutes: number;
  /** `SHIP_BY_HOURS`: once an order is AWAITING_SHIPMENT, the seller must ship it within this, or it is cancelled. @default 48 // 2 days */
  readonly shipByHours: number;
  /**
   * `CANCELLATION_RESPONSE_HOURS`: the seller's time to answer a buyer's cancellation request; unanswered, it is
   * approved automatically. @default 24
   */
  readonly cancellationResponseHours: number;
  /** `SWEEP_INTERVAL_MS`: how often each instance looks for orders past a deadline. @default 30_000 */
  readonly sweepIntervalMs: number;
  /** `AUTO_COMPLETE_DAYS`: a DELIVERED order completes this long after delivery unless a return is open. @default 7 */
  readonly autoCompleteDays: number;
  /**
   * `RETURN_WINDOW_DAYS`: after delivery, the buyer may request a return or refund this long; at most
   * `AUTO_COMPLETE_DAYS`, because a COMPLETED order takes no more returns. @default 7
   */
  readonly returnWindowDays: number;
  /** `RETURN_RESPOND_HOURS`: the seller answers a return request within this, or it is approved automatically. @default 48 */
  readonly returnRespondHours: number;
  /** `RETURN_SHIP_DAYS`: after approval, the buyer ships the return parcel within this, or the request is cancelled. @default 7 */
  readonly returnShipDays: number;
  /**
   * `RETURN_RECEIVE_DAYS`: after the buyer shipped it, the seller confirms receipt within this, or the return is
   * received (and refunded) automatically. @default 14
   */
  readonly returnReceiveDays: number;
  /**
   * `CLAIM_WINDOW_DAYS`: after Kedai Live records the delivery, the buyer may file a claim (not received, damaged,
   * wrong item) this long, whether the order is still DELIVERED or already COMPLETED. @default 15
   */
  readonly claimWindowDays: number;
}

/** Live streams (DESIGN §6). */
export interface LiveSettings {
  /** `LIVE_SWEEP_INTERVAL_MS`: how often each instance starts and ends flash sales whose time has come. @default 1000 */
  readonly flashSaleSweepMs: number;
  /**
   * `LIVE_VIEWER_COUNT_INTERVAL_MS`: how often viewer counts are gathered across instances and, when changed,
   * pushed to the stream's subscribers (the throttle of viewer-count events). @default 3000
   */
  readonly viewerCountIntervalMs: number;
}

/** Shipping: carrier webhooks, the demo carrier and public tracking (README "Tracking a parcel"). */
export interface ShippingSettings {
  /**
   * `CARRIER_WEBHOOK_SECRET`: HMAC secret of carrier webhooks (`POST /webhooks/carriers/:code`) for every carrier
   * without its own; required in production. @default a development secret, with a warning
   */
  readonly carrierWebhookSecret: string;
  /** `CARRIER_WEBHOOK_SECRET_<CODE>` (e.g. `CARRIER_WEBHOOK_SECRET_JNE`): one carrier's own secret, by carrier code. @default {} */
  readonly carrierWebhookSecrets: Readonly<Record<string, string>>;
  /** True when the development carrier webhook secret is in use (derived; overrides cannot set it). */
  readonly carrierWebhookSecretIsDefault: boolean;
  /**
   * `DEMO_CARRIER` (on|off): a simulated carrier moves every arranged parcel through pickup, hubs, out for delivery
   * and delivery by itself. @default on in the embedded demo (no DATABASE_URL, NODE_ENV not test), off otherwise
   */
  readonly demoCarrier: boolean;
  /** `DEMO_CARRIER_STEP_SECONDS`: how long the demo carrier waits between two steps of one parcel. @default 30 */
  readonly demoCarrierStepSeconds: number;
  /** `TRACKING_RATE_LIMIT_PER_MINUTE`: `trackShipment` look-ups allowed per client address per minute. @default 60 */
  readonly trackingRateLimitPerMinute: number;
}

/** Log-in throttling: attempts allowed per window, per email and per client address. */
export interface LogInRateLimit {
  /** @default 10 */
  readonly perEmail: number;
  /** @default 50 */
  readonly perClient: number;
  /** @default 900 // 15 minutes */
  readonly windowSeconds: number;
}

export interface Config {
  /** `NODE_ENV`. @default 'development' */
  readonly nodeEnv: NodeEnv;
  /** `PORT`: the HTTP and WebSocket port; 0 picks a free one. @default 4000 */
  readonly port: number;
  /** `HOST`: the interface to listen on. @default '0.0.0.0' */
  readonly host: string;
  /** `DATABASE_URL`: a `postgres://` URL; absent means the embedded SQLite file. */
  readonly databaseUrl: string | undefined;
  /** `SQLITE_PATH`: the embedded database file (`:memory:` for a throwaway one). @default 'data/kedai.sqlite' */
  readonly sqlitePath: string;
  /** `REDIS_URL`: a `redis://` URL; absent means in-process pub/sub and rate limits. */
  readonly redisUrl: string | undefined;
  /** `REDIS_PREFIX`: prefix of every Redis key and channel, so several deployments can share one Redis. @default 'kedai:' */
  readonly redisPrefix: string;
  /** `JWT_SECRET`: HMAC secret of access tokens; required in production. */
  readonly jwtSecret: string;
  /** True when `JWT_SECRET` was not set and a development secret is in use. */
  readonly jwtSecretIsDefault: boolean;
  /**
   * `PAYMENT_WEBHOOK_SECRET`: HMAC secret of payment-provider webhooks (`x-kedai-signature`); required in production.
   * @default a development secret, with a warning
   */
  readonly paymentWebhookSecret: string;
  /** True when the development payment webhook secret is in use (derived; overrides cannot set it). */
  readonly paymentWebhookSecretIsDefault: boolean;
  /** `JWT_TTL_SECONDS`: lifetime of an access token. @default 604_800 // 7 days */
  readonly jwtTtlSeconds: number;
  /** `PASSWORD_HASH_COST`: scrypt cost parameter N, a power of two. @default 32_768 */
  readonly passwordHashCost: number;
  /** `LOG_LEVEL`. @default 'info' ('silent' under test) */
  readonly logLevel: LogLevel;
  /** `TRUST_PROXY`: express `trust proxy` setting, so rate limits see the client behind a load balancer. @default false */
  readonly trustProxy: boolean | number | string;
  /** `SEED_DEMO_DATA`: seed the demo marketplace into an empty database at start. @default true without DATABASE_URL */
  readonly seedDemoData: boolean;
  /** `SHUTDOWN_TIMEOUT_MS`: the longest a graceful stop waits before closing what is left. @default 10_000 */
  readonly shutdownTimeoutMs: number;
  /**
   * `SHUTDOWN_DELAY_MS`: on SIGTERM, how long to keep serving with `/readyz` answering 503 before closing, so a load
   * balancer stops routing here first. @default 0
   */
  readonly shutdownDelayMs: number;
  /** `OUTBOX_POLL_MS`: how often the outbox relay looks for committed events. @default 250 */
  readonly outboxPollMs: number;
  /**
   * `OUTBOX_RETENTION_DAYS`: how long delivered events are kept for subscriptions resuming with a cursor; an older
   * cursor gets CURSOR_EXPIRED. @default 7
   */
  readonly outboxRetentionDays: number;
  /** `SHOP_COUNTRIES`: ISO country codes shops may register from, comma-separated. @default ID,MY,PH,SG,TH,VN */
  readonly shopCountries: readonly string[];
  /** Introspection and field suggestions: on unless `NODE_ENV=production`. */
  readonly introspection: boolean;
  /**
   * `PRODUCT_GUIDELINES_FILE`: a JSON file of product guideline rules (the shape of seeds/product-guidelines.json)
   * that replaces the bundled ones; read and validated at start. @default null // the bundled seeds/product-guidelines.json
   */
  readonly productGuidelinesFile: string | null;
  /** The product guideline rules in force, from `productGuidelinesFile` or the bundled file. */
  readonly productGuidelines: GuidelineRules;
  readonly limits: QueryLimits;
  readonly websocket: WebSocketLimits;
  readonly logInRateLimit: LogInRateLimit;
  readonly orders: OrderDeadlines;
  readonly live: LiveSettings;
  readonly shipping: ShippingSettings;
}

export type ConfigOverrides = Partial<Omit<Config, 'limits' | 'websocket' | 'logInRateLimit' | 'orders' | 'live' | 'shipping'>> & {
  readonly limits?: Partial<QueryLimits>;
  readonly websocket?: Partial<WebSocketLimits>;
  readonly logInRateLimit?: Partial<LogInRateLimit>;
  readonly orders?: Partial<OrderDeadlines>;
  readonly live?: Partial<LiveSettings>;
  readonly shipping?: Partial<ShippingSettings>;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const DEV_JWT_SECRET = 'kedai-live-development-secret-do-not-use-in-production';
const DEV_PAYMENT_WEBHOOK_SECRET = 'kedai-live-development-payment-webhook-secret-not-for-production';
const DEV_CARRIER_WEBHOOK_SECRET = 'kedai-live-development-carrier-webhook-secret-not-for-production';
const CARRIER_SECRET_PREFIX = 'CARRIER_WEBHOOK_SECRET_';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the configuration. `env` defaults to `process.env`; `overrides` win over it.
 * Throws a {@link ConfigError} that lists every problem at once.
 */
export function loadConfig(overrides: ConfigOverrides = {}, env: Env = process.env): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const effectiveEnv = overrides.nodeEnv ?? nodeEnv;
  const databaseUrl = read.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const jwtFromEnv = read.string('JWT_SECRET');

  const config: Config = {
    nodeEnv,
    port: read.int('PORT', 4000, 0, 65535),
    host: read.string('HOST') ?? '0.0.0.0',
    databaseUrl,
    sqlitePath: read.string('SQLITE_PATH') ?? path.join('data', 'kedai.sqlite'),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: read.string('REDIS_PREFIX') ?? 'kedai:',
    jwtSecret: jwtFromEnv ?? DEV_JWT_SECRET,
    jwtSecretIsDefault: jwtFromEnv === undefined,
    paymentWebhookSecret: read.string('PAYMENT_WEBHOOK_SECRET') ?? DEV_PAYMENT_WEBHOOK_SECRET,
    paymentWebhookSecretIsDefault: false,
    jwtTtlSeconds: read.int('JWT_TTL_SECONDS', 7 * 24 * 3600, 60, 365 * 24 * 3600),
    passwordHashCost: read.int('PASSWORD_HASH_COST', 32_768, 1024, 1_048_576),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, effectiveEnv === 'test' ? 'silent' : 'info'),
    trustProxy: read.trustProxy('TRUST_PROXY'),
    seedDemoData: read.bool('SEED_DEMO_DATA', databaseUrl === undefined),
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    shutdownDelayMs: read.int('SHUTDOWN_DELAY_MS', 0, 0, 120_000),
    outboxPollMs: read.int('OUTBOX_POLL_MS', 250, 10, 60_000),
    outboxRetentionDays: read.int('OUTBOX_RETENTION_DAYS', 7, 1, 365),
    shopCountries: read.countries('SHOP_COUNTRIES', ['ID', 'MY', 'PH', 'SG', 'TH', 'VN']),
    introspection: effectiveEnv !== 'production',
    productGuidelinesFile: read.string('PRODUCT_GUIDELINES_FILE') ?? null,
    productGuidelines: defaultGuidelines,
    limits: {
      maxDepth: read.int('QUERY_MAX_DEPTH', 12, 2, 100),
      maxCost: read.int('QUERY_MAX_COST', 5000, 10, 1_000_000),
      maxAliases: read.int('QUERY_MAX_ALIASES', 30, 0, 1000),
      maxDirectives: read.int('QUERY_MAX_DIRECTIVES', 50, 0, 1000),
      maxTokens: read.int('QUERY_MAX_TOKENS', 5000, 100, 1_000_000),
      maxBodyBytes: read.int('MAX_BODY_BYTES', 102_400, 1024, 50 * 1024 * 1024),
      maxWsPayloadBytes: read.int('MAX_WS_PAYLOAD_BYTES', 102_400, 1024, 50 * 1024 * 1024),
      maxPageSize: 100,
    },
    websocket: {
      maxSubscriptionsPerConnection: read.int('WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 1000),
      maxBufferedBytes: read.int('WS_MAX_BUFFERED_BYTES', 1_048_576, 16_384, 256 * 1024 * 1024),
      keepAliveMs: read.int('WS_KEEPALIVE_MS', 12_000, 50, 600_000),
    },
    logInRateLimit: {
      perEmail: read.int('LOGIN_LIMIT_PER_EMAIL', 10, 1, 10_000),
      perClient: read.int('LOGIN_LIMIT_PER_CLIENT', 50, 1, 100_000),
      windowSeconds: read.int('LOGIN_LIMIT_WINDOW_SECONDS', 900, 1, 86_400),
    },
    orders: {
      paymentWindowMinutes: read.int('PAYMENT_WINDOW_MINUTES', 60, 1, 7 * 24 * 60),
      freeCancelMinutes: read.int('FREE_CANCEL_MINUTES', 60, 0, 7 * 24 * 60),
      shipByHours: read.int('SHIP_BY_HOURS', 48, 1, 30 * 24),
      cancellationResponseHours: read.int('CANCELLATION_RESPONSE_HOURS', 24, 1, 7 * 24),
      sweepIntervalMs: read.int('SWEEP_INTERVAL_MS', 30_000, 100, 3_600_000),
      autoCompleteDays: read.int('AUTO_COMPLETE_DAYS', 7, 1, 90),
      returnWindowDays: read.int('RETURN_WINDOW_DAYS', 7, 1, 90),
      returnRespondHours: read.int('RETURN_RESPOND_HOURS', 48, 1, 30 * 24),
      returnShipDays: read.int('RETURN_SHIP_DAYS', 7, 1, 90),
      returnReceiveDays: read.int('RETURN_RECEIVE_DAYS', 14, 1, 90),
      claimWindowDays: read.int('CLAIM_WINDOW_DAYS', 15, 1, 90),
    },
    live: {
      flashSaleSweepMs: read.int('LIVE_SWEEP_INTERVAL_MS', 1000, 100, 60_000),
      viewerCountIntervalMs: read.int('LIVE_VIEWER_COUNT_INTERVAL_MS', 3000, 500, 60_000),
    },
    shipping: {
      carrierWebhookSecret: read.string('CARRIER_WEBHOOK_SECRET') ?? DEV_CARRIER_WEBHOOK_SECRET,
      carrierWebhookSecrets: Object.fromEntries(
        Object.keys(env)
          .filter((name) => name.startsWith(CARRIER_SECRET_PREFIX) && read.string(name) !== undefined)
          .map((name) => [name.slice(CARRIER_SECRET_PREFIX.length).toUpperCase(), read.string(name)!]),
      ),
      carrierWebhookSecretIsDefault: false,
      demoCarrier: read.bool('DEMO_CARRIER', effectiveEnv !== 'test' && effectiveEnv !== 'production' && ('databaseUrl' in overrides ? overrides.databaseUrl : databaseUrl) === undefined),
      demoCarrierStepSeconds: read.int('DEMO_CARRIER_STEP_SECONDS', 30, 1, 86_400),
      trackingRateLimitPerMinute: read.int('TRACKING_RATE_LIMIT_PER_MINUTE', 60, 1, 100_000),
    },
  };

  const merged: Config = {
    ...config,
    ...overrides,
    introspection: overrides.introspection ?? effectiveEnv !== 'production',
    limits: { ...config.limits, ...overrides.limits },
    websocket: { ...config.websocket, ...overrides.websocket },
    logInRateLimit: { ...config.logInRateLimit, ...overrides.logInRateLimit },
    orders: { ...config.orders, ...overrides.orders },
    live: { ...config.live, ...overrides.live },
    shipping: { ...config.shipping, ...overrides.shipping },
  } as Config;
  (merged.shipping as { carrierWebhookSecretIsDefault: boolean }).carrierWebhookSecretIsDefault = merged.shipping.carrierWebhookSecret === DEV_CARRIER_WEBHOOK_SECRET;
  (merged as { paymentWebhookSecretIsDefault: boolean }).paymentWebhookSecretIsDefault = merged.paymentWebhookSecret === DEV_PAYMENT_WEBHOOK_SECRET;

  if (merged.nodeEnv === 'production' && merged.jwtSecretIsDefault) {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
  }
  if (!merged.jwtSecretIsDefault && merged.jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  if (merged.nodeEnv === 'production' && merged.paymentWebhookSecretIsDefault) {
    problems.push('PAYMENT_WEBHOOK_SECRET is required when NODE_ENV=production');
  }
  if (!merged.paymentWebhookSecretIsDefault && merged.paymentWebhookSecret.length < 32) {
    problems.push('PAYMENT_WEBHOOK_SECRET must be at least 32 characters');
  }
  if (merged.nodeEnv === 'production' && merged.shipping.carrierWebhookSecretIsDefault) {
    problems.push('CARRIER_WEBHOOK_SECRET is required when NODE_ENV=production');
  }
  if (!merged.shipping.carrierWebhookSecretIsDefault && merged.shipping.carrierWebhookSecret.length < 32) {
    problems.push('CARRIER_WEBHOOK_SECRET must be at least 32 characters');
  }
  if (merged.nodeEnv === 'production' && merged.shipping.demoCarrier) {
    problems.push('DEMO_CARRIER must be off when NODE_ENV=production: it moves real parcels by itself');
  }
  for (const [carrier, secret] of Object.entries(merged.shipping.carrierWebhookSecrets)) {
    if (secret.length < 32) problems.push(`${CARRIER_SECRET_PREFIX}${carrier} must be at least 32 characters`);
  }
  if (merged.orders.returnWindowDays > merged.orders.autoCompleteDays) {
    problems.push(`RETURN_WINDOW_DAYS (${merged.orders.returnWindowDays}) must not exceed AUTO_COMPLETE_DAYS (${merged.orders.autoCompleteDays}): a completed order takes no returns`);
  }
  if ((merged.passwordHashCost & (merged.passwordHashCost - 1)) !== 0) {
    problems.push(`PASSWORD_HASH_COST must be a power of two (got ${merged.passwordHashCost})`);
  }
  if (merged.productGuidelinesFile !== null && overrides.productGuidelines === undefined) {
    try {
      (merged as { productGuidelines: GuidelineRules }).productGuidelines = parseGuidelineRules(JSON.parse(readFileSync(merged.productGuidelinesFile, 'utf8')), merged.productGuidelinesFile);
    } catch (error) {
      problems.push(`PRODUCT_GUIDELINES_FILE: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(merged);
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw.replaceAll('_', ''));
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (protocols.includes(url.protocol)) return raw;
    } catch {
      // reported below
    }
    this.problems.push(`${name} must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL`);
    return undefined;
  }

  countries(name: string, fallback: string[]): string[] {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const codes = raw.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
    if (codes.length === 0 || codes.some((c) => !/^[A-Z]{2}$/.test(c))) {
      this.problems.push(`${name} must be comma-separated two-letter country codes (got "${raw}")`);
      return fallback;
    }
    return codes;
  }

  trustProxy(name: string): boolean | number | string {
    const raw = this.string(name);
    if (raw === undefined) return false;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    if (/^\d+$/.test(raw)) return Number(raw);
    return raw;
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}
