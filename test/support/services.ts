/** Where the scaled suites find PostgreSQL and Redis, and whether they answer. */
import net from 'node:net';

/** A PostgreSQL URL whose user may create databases; each test file gets its own database next to it. */
export const ADMIN_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function scaledServicesStatus(): Promise<{ ok: boolean; missing: string[] }> {
  const [pg, redis] = await Promise.all([reachable(ADMIN_DATABASE_URL, 5432), reachable(TEST_REDIS_URL, 6379)]);
  const missing = [...(pg ? [] : [`PostgreSQL (${ADMIN_DATABASE_URL})`]), ...(redis ? [] : [`Redis (${TEST_REDIS_URL})`])];
  return { ok: missing.length === 0, missing };
}
