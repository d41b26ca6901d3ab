import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { writeMosquittoFiles } from '@lobby/access';
import { ConfigError, dataSourceOptions, loadCentralConfig } from '@lobby/platform';
import { ENTITIES } from './app.module';
import { MIGRATIONS } from './migrations';

/**
 * `npm run mosquitto:sync -- --out DIR`: writes an external Mosquitto's password file and ACL
 * from the fleet's agent credentials (database of DATABASE_URL). The central server's own user
 * and password come from MQTT_URL's user-info (`mqtt://lobby-central:SECRET@broker:1883`).
 */
async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
  if (!outDir) throw new ConfigError('usage: npm run mosquitto:sync -- --out DIR');
  const config = loadCentralConfig();
  const url = config.mqtt.url ? new URL(config.mqtt.url) : undefined;
  if (!url?.username || !url.password) throw new ConfigError('MQTT_URL must name the central user and password: mqtt://lobby-central:SECRET@broker:1883');
  const db = await new DataSource(dataSourceOptions(config.database, ENTITIES, MIGRATIONS)).initialize();
  try {
    const result = await writeMosquittoFiles(db, outDir, { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
    process.stdout.write(`wrote ${result.passwordFile} and ${result.aclFile}: ${result.agents.length} agents\n`);
    if (result.skipped.length) process.stdout.write(`issue credentials again for (no Mosquitto hash yet): ${result.skipped.join(', ')}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
