import { Client } from 'pg';
import { delay, ensureBuilt } from '../support/processes';
import { freshPostgresDatabase, POSTGRES_ADMIN_URL, postgresAvailable } from '../support/services';
import { ChaosSite } from './support/chaos-site';
import { LoadAgent } from './support/load-agent';
import { expectNothingLost, runLoadCase } from './support/load-case';

/**
 * Case 6 (docs/operations.md, "Fault-injection suite"): the central server on PostgreSQL while an
 * agent publishes 200 statuses/s; (a) its connections are killed with pg_terminate_backend three
 * times, (b) the database refuses every connection for 30 s (ALLOW_CONNECTIONS false and its
 * sessions terminated), then accepts them again.
 */
const REFUSE_MS = Number(process.env.CHAOS_DB_REFUSE_MS ?? 30_000);

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const terminateBackends = (database: string) =>
  admin(async (client) => (await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database])).rowCount ?? 0);

const allowConnections = (database: string, allow: boolean) => admin((client) => client.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS ${allow ? 'true' : 'false'}`));

describe('chaos: PostgreSQL connections killed and refused under load', () => {
  let available = false;
  let site: ChaosSite;
  let db: { url: string; drop(): Promise<void> };
  let database: string;

  beforeAll(async () => {
    available = await postgresAvailable();
    if (!available) return;
    await ensureBuilt();
    db = await freshPostgresDatabase();
    database = new URL(db.url).pathname.slice(1);
    site = await ChaosSite.create();
    await site.startCentral({ databaseUrl: db.url });
  }, 240_000);

  afterAll(async () => {
    await site?.close();
    if (db) {
      await allowConnections(database, true).catch(() => undefined);
      await db.drop();
    }
  });

  it('case 6a: connections killed with pg_terminate_backend under load lose and double nothing acknowledged', async () => {
    if (!available) return;
    const branch = 'chaos-pg-kill';
    const agent = await LoadAgent.connect(site.embeddedMqttUrl, branch, await site.createBranch(branch));
    let killed = 0;
    try {
      const result = await runLoadCase({
        order: 6.1,
        id: 'postgres-backends-killed',
        title: 'PostgreSQL: the server\'s connections killed (pg_terminate_backend) three times under load',
        databaseUrl: db.url,
        agent,
        admin: () => site.admin,
        rejections: () => site.rejections(),
        fault: async () => {
          for (let i = 0; i < 3; i++) {
            killed += await terminateBackends(database);
            await delay(2000);
          }
        },
        notes: 'Backends terminated three times, 2 s apart.',
      });
      expect(killed).toBeGreaterThan(0);
      expectNothingLost(result);
    } finally {
      await agent.end();
    }
  }, 180_000);

  it(`case 6b: the database refusing connections for ${REFUSE_MS / 1000} s under load loses and doubles nothing acknowledged`, async () => {
    if (!available) return;
    const branch = 'chaos-pg-refuse';
    const health = new Set<string>();
    const agent = await LoadAgent.connect(site.embeddedMqttUrl, branch, await site.createBranch(branch));
    try {
      const result = await runLoadCase({
        order: 6.2,
        id: 'postgres-refusing',
        title: `PostgreSQL refusing connections for ${REFUSE_MS / 1000} s under load`,
        databaseUrl: db.url,
        agent,
        admin: () => site.admin,
        rejections: () => site.rejections(),
        fault: async () => {
          await allowConnections(database, false);
          try {
            await terminateBackends(database);
            const until = Date.now() + REFUSE_MS;
            while (Date.now() < until) {
              await delay(Math.min(2000, until - Date.now()));
              const response = await fetch(`http://127.0.0.1:${site.httpPort}/api/health`).catch(() => undefined);
              health.add(response ? `${response.status} ${await response.text()}` : 'no answer');
            }
          } finally {
            await allowConnections(database, true);
          }
        },
        notes: () => `ALLOW_CONNECTIONS false and every session terminated, then allowed again. Health meanwhile: ${[...health].join(' | ')}.`,
      });
      expectNothingLost(result);
    } finally {
      await agent.end();
    }
  }, 240_000);
});
