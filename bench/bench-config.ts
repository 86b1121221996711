/** The API's configuration in benchmark server processes: production mode, silent, fixed secrets, no demo seed. */
import { loadConfig, type Config, type ConfigOverrides } from '../src/config';

export function benchApiConfig(store: string, target: string, overrides: ConfigOverrides = {}): Config {
  return loadConfig(
    {
      port: 0,
      host: '127.0.0.1',
      nodeEnv: 'production',
      jwtSecret: 'bench-secret-bench-secret-bench-secret!',
      jwtSecretIsDefault: false,
      paymentWebhookSecret: 'bench-webhook-secret-bench-webhook-secret',
      logLevel: 'silent',
      seedDemoData: false,
      ...(store === 'postgresql' ? { databaseUrl: target } : { sqlitePath: target }),
      ...overrides,
    },
    {},
  );
}
