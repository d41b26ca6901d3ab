import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { PersistenceBatcher } from '@lobby/fleet';
import { CentralMqttClient } from '../mqtt/central-mqtt.client';
import { Public } from './auth.guard';

@Controller('api/health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly mqtt: CentralMqttClient,
    private readonly batcher: PersistenceBatcher,
  ) {}

  /**
   * 200 ok or degraded (MQTT down, or the database reads but ingest cannot write to it: the API
   * still serves, `db` says down); 503 when the database cannot even be read.
   */
  @Public()
  @Get()
  @HttpCode(200)
  async health(@Res({ passthrough: true }) response: Response): Promise<{ status: 'ok' | 'degraded'; mqtt: 'up' | 'down'; db: 'up' | 'down' }> {
    const db = await this.db
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const mqtt = this.mqtt.isConnected ? ('up' as const) : ('down' as const);
    if (db === 'down') response.status(503);
    const writes = this.batcher.writable ? ('up' as const) : ('down' as const);
    const store = db === 'up' && writes === 'up' ? ('up' as const) : ('down' as const);
    return { status: store === 'up' && mqtt === 'up' ? 'ok' : 'degraded', mqtt, db: store };
  }
}
