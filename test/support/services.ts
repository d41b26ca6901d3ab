import { createConnection } from 'node:net';
import { Client } from 'pg';

/**
 * Tests that need a real service (PostgreSQL, Mosquitto, socat) skip with a clear message on a
 * bare laptop; CI sets REQUIRE_SERVICES=1 so that a missing service fails instead.
 */
export const SERVICES_REQUIRED = process.env.REQUIRE_SERVICES === '1';
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MOSQUITTO_URL = process.env.TEST_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:1883';

export function portOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Whether `name` is reachable; throws when it is not and services are required. */
export async function serviceAvailable(name: string, check: () => Promise<boolean>): Promise<boolean> {
  const ok = await check().catch(() => false);
  if (ok) return true;
  const message = `${name} is not available: its tests are skipped (set REQUIRE_SERVICES=1 to fail instead)`;
  if (SERVICES_REQUIRED) throw new Error(`${name} is required (REQUIRE_SERVICES=1) but not available`);
  console.warn(message);
  return false;
}

export const postgresAvailable = () => serviceAvailable('PostgreSQL', () => portOpen('127.0.0.1', Number(new URL(POSTGRES_ADMIN_URL).port || 5432)));
export const mosquittoAvailable = () => serviceAvailable('Mosquitto', () => portOpen(new URL(MOSQUITTO_URL).hostname, Number(new URL(MOSQUITTO_URL).port || 1883)));

/** A fresh PostgreSQL database for one suite; `drop()` removes it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lobby_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
