import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, CoalescedRunner, JsonLogger } from '@lobby/platform';
import { FleetFacts } from '@lobby/fleet';
import { DEFAULT_TIMEZONE, localeOf, pick, type Locale } from '@lobby/contracts';
import { deviceLabel } from '@lobby/devices';
import { AlertingConfig, AlertingConfigToken } from '../rules/alerting-config';
import { NotificationDeliveryEntity } from '../entities/notification-delivery.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { WebhookEntity } from '../entities/webhook.entity';
import { retryDelayMs } from './backoff';
import { signedDingTalkUrl } from './dingtalk-sign';
import { RateLimiter } from './rate-limiter';
import { OutgoingNotification, robotRefusal, webhookBody } from './webhook-format';

const BATCH = 100;

/** Sends a request; the default is `guardedSender` (guarded-sender.ts). */
export type HttpSender = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; timeoutMs: number }) => Promise<{ status: number; body: string }>;

export const HttpSenderToken = Symbol('HttpSender');

/**
 * Sends due deliveries from the outbox. At least once: a row is claimed (conditional update,
 * so two instances never send the same row at the same time), sent, then marked; a crash
 * after sending and before marking sends it again when the claim runs out, with the same
 * `Idempotency-Key` (the notification id) so the receiver can drop the repeat. Failures back off
 * exponentially; group robots are held to their per-minute limit.
 */
@Injectable()
export class OutboxDispatcher {
  private readonly runner = new CoalescedRunner(() => this.dispatchDue());
  private readonly limiter: RateLimiter;
  private kicked = false;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly facts: FleetFacts,
    private readonly clock: Clock,
    @Inject(AlertingConfigToken) private readonly config: AlertingConfig,
    @Inject(HttpSenderToken) private readonly send: HttpSender,
    private readonly logger: JsonLogger,
  ) {
    this.limiter = new RateLimiter(config.webhooks.robotMessagesPerMinute);
  }

  /** Sends soon (not on the clock: a new notification should leave within seconds). */
  kick(): void {
    if (this.kicked || this.stopped) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      if (this.stopped) return;
      this.run().catch((error: Error) => this.logger.error('outbox dispatch failed', { error: error.message }));
    });
  }

  run(): Promise<void> {
    return this.runner.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.runner.idle();
  }

  private async dispatchDue(): Promise<void> {
    const now = this.clock.now();
    const due = await this.db
      .getRepository(NotificationDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.status = :pending', { pending: 'pending' })
      .andWhere('d.next_attempt_at <= :now', { now })
      .andWhere('(d.claimed_until IS NULL OR d.claimed_until < :now)', { now })
      .orderBy('d.next_attempt_at', 'ASC')
      .take(BATCH)
      .getMany();
    const byWebhook = new Map<string, NotificationDeliveryEntity[]>();
    for (const d of due) byWebhook.set(d.webhookId, [...(byWebhook.get(d.webhookId) ?? []), d]);
    // One receiver at a time in order; receivers side by side.
    await Promise.all([...byWebhook.entries()].map(([webhookId, rows]) => this.sendAll(webhookId, rows)));
  }

  private async sendAll(webhookId: string, rows: NotificationDeliveryEntity[]): Promise<void> {
    const webhook = await this.db.getRepository(WebhookEntity).findOneBy({ id: webhookId });
    for (const row of rows) {
      if (!webhook) {
        await this.mark(row, { status: 'failed', lastError: 'webhook deleted', claimedUntil: null });
        continue;
      }
      if (webhook.format !== 'json') {
        const slot = this.limiter.take(webhook.id, this.clock.now());
        if (slot !== true) {
          await this.mark(row, { nextAttemptAt: slot });
          continue;
        }
      }
      await this.deliver(webhook, row);
    }
  }

  private async deliver(webhook: WebhookEntity, row: NotificationDeliveryEntity): Promise<void> {
    const now = this.clock.now();
    const claimed = await this.db
      .createQueryBuilder()
      .update(NotificationDeliveryEntity)
      .set({ claimedUntil: now + this.config.webhooks.timeoutMs * 3 })
      .where('notification_id = :n AND webhook_id = :w AND status = :pending', { n: row.notificationId, w: row.webhookId, pending: 'pending' })
      .andWhere('(claimed_until IS NULL OR claimed_until < :now)', { now })
      .execute();
    if (!claimed.affected) return;
    const notification = await this.db.getRepository(NotificationEntity).findOneBy({ id: row.notificationId });
    if (!notification) {
      await this.mark(row, { status: 'failed', lastError: 'notification missing', claimedUntil: null });
      return;
    }
    const error = await this.attempt(webhook, await this.outgoing(notification, localeOf(webhook.locale)));
    const attempts = row.attempts + 1;
    if (!error) {
      await this.mark(row, { status: 'sent', attempts, sentAt: this.clock.now(), claimedUntil: null, lastError: null });
      return;
    }
    const giveUp = attempts >= this.config.webhooks.maxAttempts;
    const next = this.clock.now() + retryDelayMs(attempts, this.config.webhooks.retryBaseMs, this.config.webhooks.retryMaxMs);
    this.logger.warn(giveUp ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry', { webhookId: webhook.id, notificationId: row.notificationId, attempts, error });
    await this.mark(row, { status: giveUp ? 'failed' : 'pending', attempts, nextAttemptAt: next, claimedUntil: null, lastError: error.slice(0, 1000) });
  }

  /** One HTTP attempt; the error text, or null when the receiver took it. */
  private async attempt(webhook: WebhookEntity, n: OutgoingNotification): Promise<string | null> {
    const url = webhook.format === 'dingtalk' && webhook.secret ? signedDingTalkUrl(webhook.url, this.clock.now(), webhook.secret) : webhook.url;
    try {
      const response = await this.send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': n.id },
        body: JSON.stringify(webhookBody(webhook.format, n)),
        timeoutMs: this.config.webhooks.timeoutMs,
      });
      if (response.status < 200 || response.status >= 300) return `HTTP ${response.status}: ${response.body.slice(0, 200)}`;
      return robotRefusal(webhook.format, response.body);
    } catch (error) {
      return (error as Error).message || 'request failed';
    }
  }

  /** The notification in the receiver's language, the device by its name and location. */
  private async outgoing(n: NotificationEntity, locale: Locale): Promise<OutgoingNotification> {
    const branch = await this.facts.branch(n.branchId);
    const device = n.deviceId ? await this.facts.device(n.deviceId) : null;
    return {
      id: n.id,
      kind: n.kind,
      severity: n.severity,
      branchId: n.branchId,
      branchName: branch?.name ?? null,
      timezone: branch?.timezone ?? DEFAULT_TIMEZONE,
      deviceId: n.deviceId,
      deviceLabel: device ? pick(deviceLabel(device), locale) : n.deviceId,
      locale,
      title: locale === 'en' ? (n.titleEn ?? n.title) : n.title,
      text: locale === 'en' ? (n.textEn ?? n.text) : n.text,
      at: n.at,
    };
  }

  private async mark(row: NotificationDeliveryEntity, changes: Partial<NotificationDeliveryEntity>): Promise<void> {
    await this.db.getRepository(NotificationDeliveryEntity).update({ notificationId: row.notificationId, webhookId: row.webhookId }, changes);
  }
}
