import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { Clock, isUniqueViolation, JsonLogger } from '@lobby/platform';
import type { Notification } from '../alerting.types';
import { NotificationDeliveryEntity } from '../entities/notification-delivery.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { OutboxDispatcher } from './outbox-dispatcher';
import { SilencesService } from './silences.service';
import { WebhooksService } from './webhooks.service';

const FAN_OUT_GRACE_MS = 10_000;

/**
 * Notifications to people through the durable outbox: a `notification` row (its id is the
 * idempotency key receivers see), then one `notification_delivery` row per matching webhook,
 * then `fanned_out`. Each step is idempotent, so a crash between them is finished by
 * `completeFanOut` and nothing is lost or sent twice by us. A silence covering the device or
 * branch records the notification as muted and sends it nowhere.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly silences: SilencesService,
    private readonly webhooks: WebhooksService,
    private readonly dispatcher: OutboxDispatcher,
    private readonly logger: JsonLogger,
  ) {}

  private get repo() {
    return this.db.getRepository(NotificationEntity);
  }

  async notify(n: Notification): Promise<void> {
    const now = this.clock.now();
    const at = n.at ?? now;
    const dedupeKey = n.dedupeKey ?? randomUUID();
    let row = await this.repo.findOneBy({ dedupeKey });
    if (!row) {
      const muted = !n.ignoreSilences && (await this.silences.covers(n.branchId, n.deviceId ?? null, at));
      row = Object.assign(new NotificationEntity(), {
        id: randomUUID(),
        dedupeKey,
        branchId: n.branchId,
        deviceId: n.deviceId ?? null,
        kind: n.kind,
        severity: n.severity,
        roles: n.roles,
        title: n.title.zh,
        text: n.text.zh,
        titleEn: n.title.en,
        textEn: n.text.en,
        at,
        muted,
        fannedOut: false,
        createdAt: now,
      });
      try {
        await this.repo.insert(row);
        if (muted) this.logger.info('notification muted by a silence', { kind: n.kind, branchId: n.branchId, deviceId: n.deviceId });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        row = await this.repo.findOneByOrFail({ dedupeKey });
      }
    }
    if (!row.fannedOut) await this.fanOut(row);
  }

  /** Finishes fan-outs a crash interrupted (run by the sweep). */
  async completeFanOut(): Promise<void> {
    const stuck = await this.repo.find({ where: { fannedOut: false, createdAt: LessThan(this.clock.now() - FAN_OUT_GRACE_MS) }, take: 500 });
    for (const row of stuck) await this.fanOut(row);
  }

  private async fanOut(row: NotificationEntity): Promise<void> {
    if (!row.muted) {
      const receivers = await this.webhooks.matching(row);
      if (receivers.length) {
        const now = this.clock.now();
        await this.db
          .createQueryBuilder()
          .insert()
          .into(NotificationDeliveryEntity)
          .values(
            receivers.map((w) => ({
              notificationId: row.id,
              webhookId: w.id,
              status: 'pending' as const,
              attempts: 0,
              nextAttemptAt: now,
              claimedUntil: null,
              lastError: null,
              sentAt: null,
            })),
          )
          .orIgnore()
          .updateEntity(false)
          .execute();
      }
    }
    await this.repo.update({ id: row.id }, { fannedOut: true });
    if (!row.muted) this.dispatcher.kick();
  }
}
