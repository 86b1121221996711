export { loadConfig, ConfigError } from './config';
export type { Config, ConfigOverrides, LogLevel, NodeEnv, QueryLimits, LogInRateLimit, OrderDeadlines } from './config';
