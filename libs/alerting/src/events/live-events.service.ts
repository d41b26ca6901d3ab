import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { Subject } from 'rxjs';
import { z } from 'zod';
import { parsePayload } from '@lobby/contracts';
import { JsonLogger } from '@lobby/platform';
import { TASK_KINDS, type LiveEvent } from '../alerting.types';

/**
 * The way live events travel between central instances. The central server implements it on
 * its MQTT connection (a central-only topic the broker ACL keeps agents away from).
 */
export abstract class CentralEventsBus {
  abstract publish(payload: string): Promise<void>;
  abstract subscribe(handler: (payload: Buffer) => void): void;
}

const WireSchema = z.object({
  origin: z.string().min(1).max(64),
  event: z.object({
    type: z.enum(['alert', 'alert.cleared', 'task', 'device', 'checklist']),
    branchId: z.string().min(1).max(64),
    taskKind: z.enum(TASK_KINDS).optional(),
    data: z.unknown(),
  }),
});

/**
 * Live events for `GET /api/stream`, from every instance: an event is delivered to this
 * instance's streams at once and sent over the bus; events from other instances come back
 * through the bus (this instance's own echo is dropped by its origin id).
 */
@Injectable()
export class LiveEventsService {
  readonly events$ = new Subject<LiveEvent>();
  private readonly origin = randomUUID();

  constructor(
    private readonly logger: JsonLogger,
    @Optional() private readonly bus?: CentralEventsBus,
  ) {
    this.bus?.subscribe((payload) => this.receive(payload));
  }

  async publish(event: LiveEvent): Promise<void> {
    this.events$.next(event);
    if (!this.bus) return;
    try {
      await this.bus.publish(JSON.stringify({ origin: this.origin, event }));
    } catch (error) {
      this.logger.warn('live event not sent to other instances', { type: event.type, error: (error as Error).message });
    }
  }

  private receive(payload: Buffer): void {
    const parsed = parsePayload(WireSchema, payload);
    if (!parsed.ok) {
      this.logger.warn('invalid live event from the bus', { reason: parsed.reason });
      return;
    }
    if (parsed.value.origin === this.origin) return;
    this.events$.next(parsed.value.event);
  }
}
