import { Injectable, OnModuleInit } from '@nestjs/common';
import { CentralSubscriptions, parsePayload, queueStatusBranch, QueueStatusSchema } from '@lobby/contracts';
import { BranchCalendars, QueueService } from '@lobby/checklists';
import { JsonLogger } from '@lobby/platform';
import { CentralMqttClient } from './central-mqtt.client';

/**
 * The optional queue-system topic (`lobby/v1/{branch}/queue/status`): each valid report of a
 * known branch is stored; anything else is logged and dropped, never thrown.
 */
@Injectable()
export class QueueStatusSubscriber implements OnModuleInit {
  private readonly logger: JsonLogger;

  constructor(
    private readonly mqtt: CentralMqttClient,
    private readonly queue: QueueService,
    private readonly calendars: BranchCalendars,
    logger: JsonLogger,
  ) {
    this.logger = logger.child('queue');
  }

  onModuleInit(): void {
    this.mqtt.onSideTopic(CentralSubscriptions.queueStatus, (topic) => queueStatusBranch(topic) !== null, (payload, topic) => this.handle(topic, payload));
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    try {
      const branchId = queueStatusBranch(topic)!;
      const parsed = parsePayload(QueueStatusSchema, payload);
      if (!parsed.ok) return this.logger.warn('queue status rejected', { branchId, reason: parsed.reason, message: parsed.message });
      if (!(await this.calendars.get(branchId))) return this.logger.warn('queue status for an unknown branch', { branchId });
      await this.queue.record(branchId, parsed.value);
    } catch (error) {
      this.logger.error('queue status not stored', { topic, error: (error as Error).message });
    }
  }
}
