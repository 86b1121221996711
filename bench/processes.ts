/** What the benchmarks share for their server processes: starting one, and reading its CPU time. */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Node's flags for every server process, the baselines' too: those `npm start` runs the API with (a 64 MB young
 * generation, since a GraphQL request allocates many short-lived objects: fewer scavenges).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

/**
 * Spawns `bench/<script>` (compiled) with `NODE_ENV=production`, as in production (graphql-js skips its
 * development-only checks), and with {@link SERVER_NODE_FLAGS}, and resolves once it prints `PORT <n>`. An IPC channel is open for drivers that talk to
 * it. With `KEDAI_BENCH_PROFILE=<dir>` the process writes a CPU profile there when it exits.
 */
export function spawnServer(script: string, args: string[]): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const profileDir = process.env['KEDAI_BENCH_PROFILE'];
    const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, path.join(__dirname, script), ...args], {
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /PORT (\d+)/.exec(chunk.toString());
      if (match) resolve({ port: Number(match[1]), child });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

const CLOCK_TICKS = Number(execSync('getconf CLK_TCK', { shell: '/bin/sh' }).toString().trim()) || 100;

/** CPU time (user + system) a process used so far, in ms (Linux `/proc`; 0 elsewhere). */
export function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Sends an IPC command to `child` and waits for its reply of type `reply`. */
export function ask<T>(child: ChildProcess, command: unknown, reply: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== reply) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number) => reject(new Error(`child exited with ${code} while waiting for ${reply}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(command as object);
  });
}
