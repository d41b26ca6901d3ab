import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { CentralMqttClient } from '../mqtt/central-mqtt.client';
import { Public } from './auth.guard';

@Controller('api/health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly mqtt: CentralMqttClient,
  ) {}

  /** 200 ok or degraded (MQTT down: the API still serves); 503 when the database is down. */
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
    return { status: db === 'up' && mqtt === 'up' ? 'ok' : 'degraded', mqtt, db };
  }
}
