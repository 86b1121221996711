export { loadConfig, ConfigError } from './config';
export type { Config, ConfigOverrides, LogLevel, NodeEnv, QueryLimits, WebSocketLimits, LogInRateLimit, OrderDeadlines, ShippingSettings } from './config';
