import type { Provider } from '@nestjs/common';
import { DevicePowerSchedule, OpenAlertCounter } from '@lobby/fleet';
import { AlertsService } from './alerts/alerts.service';
import { AlertConditionEntity } from './entities/alert-condition.entity';
import { AlertEntity } from './entities/alert.entity';
import { NotificationDeliveryEntity } from './entities/notification-delivery.entity';
import { NotificationEntity } from './entities/notification.entity';
import { SilenceEntity } from './entities/silence.entity';
import { TaskEntity } from './entities/task.entity';
import { WebhookEntity } from './entities/webhook.entity';
import { NotificationsService } from './notifications/notifications.service';
import { guardedSender } from './notifications/guarded-sender';
import { HttpSenderToken, OutboxDispatcher } from './notifications/outbox-dispatcher';
import { WebhookTargetPolicy } from './notifications/webhook-target';
import { SilencesService } from './notifications/silences.service';
import { WebhooksService } from './notifications/webhooks.service';
import { AlertEngine } from './rules/alert-engine.service';
import { AlertEvaluator } from './rules/alert-evaluator.service';
import { AlertingConfigToken, loadAlertingConfig } from './rules/alerting-config';
import { ConditionStore } from './rules/condition-store';
import { DeviceSweepPlan } from './rules/device-sweep-plan';
import { DevicePowerScheduleService } from './schedule/device-power-schedule.service';
import { TaskNotifier } from './tasks/task-notifier';
import { TasksService } from './tasks/tasks.service';
import { SelfServiceNotifier } from './self-service/self-service-notifier.service';

export const ALERTING_ENTITIES = [AlertEntity, AlertConditionEntity, TaskEntity, SilenceEntity, WebhookEntity, NotificationEntity, NotificationDeliveryEntity];

/**
 * Everything alerting needs, for the central server's module. The host also provides `Clock`,
 * `JsonLogger`, `JobLock`, the fleet services (with `FleetFacts`) and the `DomainEventBus`.
 */
export function alertingProviders(rules: { file: string; explicit: boolean }, webhookAllowHosts: string[] = []): Provider[] {
  const targets = new WebhookTargetPolicy(webhookAllowHosts);
  return [
    { provide: AlertingConfigToken, useFactory: () => loadAlertingConfig(rules.file, rules.explicit) },
    { provide: WebhookTargetPolicy, useValue: targets },
    { provide: HttpSenderToken, useValue: guardedSender(targets) },
    SilencesService,
    WebhooksService,
    OutboxDispatcher,
    NotificationsService,
    AlertsService,
    TaskNotifier,
    TasksService,
    ConditionStore,
    DeviceSweepPlan,
    AlertEvaluator,
    AlertEngine,
    { provide: OpenAlertCounter, useExisting: AlertsService },
    DevicePowerScheduleService,
    SelfServiceNotifier,
    { provide: DevicePowerSchedule, useExisting: DevicePowerScheduleService },
  ];
}
