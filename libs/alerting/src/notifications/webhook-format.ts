import { DateTime } from 'luxon';
import { t, type Locale, type Severity } from '@lobby/contracts';
import type { WebhookFormat } from '../entities/webhook.entity';

/** Everything a receiver's message is made of. */
export interface OutgoingNotification {
  /** The idempotency key: the same for every retry of this notification. */
  id: string;
  kind: string;
  severity: Severity;
  branchId: string;
  branchName: string | null;
  timezone: string;
  deviceId: string | null;
  /** The device as people name it (name and location), in `locale`. */
  deviceLabel: string | null;
  /** The receiver's language: every line of the body is in it. */
  locale: Locale;
  title: string;
  text: string;
  at: number;
}

/** `2026-11-28 09:15:02` in the branch's zone: people read branch-local time. */
export function localTime(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** The request body for a receiver of this format. */
export function webhookBody(format: WebhookFormat, n: OutgoingNotification): Record<string, unknown> {
  switch (format) {
    case 'json':
      return {
        idempotencyKey: n.id,
        id: n.id,
        kind: n.kind,
        severity: n.severity,
        branchId: n.branchId,
        branchName: n.branchName,
        deviceId: n.deviceId,
        deviceName: n.deviceLabel,
        locale: n.locale,
        title: n.title,
        text: n.text,
        at: new Date(n.at).toISOString(),
        localTime: localTime(n.at, n.timezone),
        timezone: n.timezone,
      };
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: weComMarkdown(n) } };
    case 'dingtalk':
      return { msgtype: 'markdown', markdown: { title: n.title, text: dingTalkMarkdown(n) } };
  }
}

function facts(n: OutgoingNotification): string[] {
  return [
    t(n.locale, 'notify.severity', { severity: t(n.locale, `severity.${n.severity}`) }),
    t(n.locale, 'notify.branch', { branch: n.branchName ?? n.branchId }),
    ...(n.deviceLabel ? [t(n.locale, 'notify.device', { device: n.deviceLabel })] : []),
    t(n.locale, 'notify.time', { time: localTime(n.at, n.timezone) }),
  ];
}

/** WeCom group robot markdown: `>` quote lines, `<font color>` for severity. */
function weComMarkdown(n: OutgoingNotification): string {
  const color = n.severity === 'critical' || n.severity === 'major' ? 'warning' : 'comment';
  const [severity, ...rest] = facts(n);
  return [`### ${n.title}`, `> <font color="${color}">${severity}</font>`, ...rest.map((f) => `> ${f}`), '', n.text, '', `<font color="comment">${n.id}</font>`].join('\n');
}

/** DingTalk group robot markdown: a heading and a list. */
function dingTalkMarkdown(n: OutgoingNotification): string {
  return [`#### ${n.title}`, '', ...facts(n).map((f) => `- ${f}`), '', n.text, '', `> ${n.id}`].join('\n');
}

/** Robots answer HTTP 200 with `{"errcode":0}` on success, another errcode on refusal (e.g. too fast). */
export function robotRefusal(format: WebhookFormat, body: string): string | null {
  if (format === 'json') return null;
  try {
    const parsed = JSON.parse(body) as { errcode?: unknown; errmsg?: unknown };
    if (parsed.errcode === undefined || parsed.errcode === 0) return null;
    return `errcode ${JSON.stringify(parsed.errcode)}: ${typeof parsed.errmsg === 'string' ? parsed.errmsg : ''}`.slice(0, 300);
  } catch {
    return null;
  }
}
