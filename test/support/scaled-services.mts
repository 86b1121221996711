/**
 * Global setup of the scaled project. With CI=true a missing PostgreSQL or Redis fails the run; on a laptop
 * without them the scaled suites skip, and this says so.
 */
import type { TestProject } from 'vitest/node';
import { scaledServicesStatus } from './services.js';

export default async function setup(project: TestProject) {
  const status = await scaledServicesStatus();
  if (!status.ok) {
    const message = `scaled suites need ${status.missing.join(' and ')}`;
    if (process.env.CI === 'true') throw new Error(`${message}, and CI=true: failing instead of skipping.`);
    console.warn(`\n[scaled] SKIPPED: ${message}. Start them (see README) to run these suites.\n`);
  }
  project.provide('scaledAvailable', status.ok);
}

declare module 'vitest' {
  export interface ProvidedContext {
    scaledAvailable: boolean;
  }
}
