import { retryDelayMs } from './backoff';
import { dingTalkSignature, signedDingTalkUrl } from './dingtalk-sign';
import { RateLimiter } from './rate-limiter';
import { localTime, robotRefusal, webhookBody, type OutgoingNotification } from './webhook-format';
import { webhookMatches } from './webhooks.service';

describe('dingTalkSignature', () => {
  // Vector computed independently: printf '1577262236757\nSEC1234567890abcdef' | openssl dgst -sha256 -hmac SEC1234567890abcdef -binary | base64
  it('signs `${timestamp}\\n${secret}` with HMAC-SHA256, base64', () => {
    expect(dingTalkSignature(1577262236757, 'SEC1234567890abcdef')).toBe('f7qQ1A8KagEZ45y1gasTtKsEq5ERTeDXP9T+WkIqzDk=');
  });

  it('appends &timestamp=…&sign=… URL-encoded (as Python quote_plus does)', () => {
    expect(signedDingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 1577262236757, 'SEC1234567890abcdef')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1577262236757&sign=f7qQ1A8KagEZ45y1gasTtKsEq5ERTeDXP9T%2BWkIqzDk%3D',
    );
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 10_000, 60_000))).toEqual([10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(retryDelayMs(0, 10_000, 60_000)).toBe(10_000);
    expect(retryDelayMs(500, 10_000, 3_600_000)).toBe(3_600_000);
  });
});

describe(RateLimiter.name, () => {
  it('allows N a minute per receiver and says when the next slot frees up', () => {
    const limiter = new RateLimiter(3);
    expect([0, 1000, 2000].map((t) => limiter.take('robot', t))).toEqual([true, true, true]);
    expect(limiter.take('robot', 3000)).toBe(60_000);
    expect(limiter.take('other', 3000)).toBe(true);
    expect(limiter.take('robot', 60_001)).toBe(true);
  });
});

const sample: OutgoingNotification = {
  id: 'n-1',
  kind: 'alert.raised',
  severity: 'critical',
  branchId: 'BJ-1',
  branchName: '北京朝阳支行',
  timezone: 'Asia/Shanghai',
  deviceId: 'TP-1',
  deviceLabel: '取号机 1（大厅东侧）',
  locale: 'zh-CN',
  title: '缺纸',
  text: '取号机 1（大厅东侧）缺纸',
  at: Date.UTC(2026, 10, 28, 1, 15, 2),
};

describe('webhookBody', () => {
  it('json: the notification with its idempotency key, UTC and branch-local time', () => {
    expect(webhookBody('json', sample)).toMatchObject({
      idempotencyKey: 'n-1',
      severity: 'critical',
      at: '2026-11-28T01:15:02.000Z',
      localTime: '2026-11-28 09:15:02',
      timezone: 'Asia/Shanghai',
    });
  });

  it('wecom: markdown content with branch-local time', () => {
    const body = webhookBody('wecom', sample) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('### 缺纸');
    expect(body.markdown.content).toContain('> 时间：2026-11-28 09:15:02');
    expect(body.markdown.content).toContain('> 设备：取号机 1（大厅东侧）');
    expect(body.markdown.content).toContain('级别：紧急');
  });

  it('speaks the receiver\'s language: an English webhook gets English labels', () => {
    const body = webhookBody('wecom', { ...sample, locale: 'en', title: 'Out of paper', deviceLabel: 'Ticket printer 1 (lobby east)' }) as { markdown: { content: string } };
    expect(body.markdown.content).toContain('Severity: Critical');
    expect(body.markdown.content).toContain('Device: Ticket printer 1 (lobby east)');
    expect(body.markdown.content).not.toMatch(/[\u4e00-\u9fff]{2}：/);
  });

  it('dingtalk: markdown title and text', () => {
    const body = webhookBody('dingtalk', sample) as { markdown: { title: string; text: string } };
    expect(body.markdown.title).toBe('缺纸');
    expect(body.markdown.text).toContain('- 网点：北京朝阳支行');
    expect(body.markdown.text).not.toContain('BJ-1');
  });

  it('shows local time in the branch zone, not the process zone', () => {
    expect(localTime(Date.UTC(2026, 0, 1, 16, 0, 0), 'Asia/Shanghai')).toBe('2026-01-02 00:00:00');
  });
});

describe('robotRefusal', () => {
  it('reads robot errcodes; json receivers are judged by HTTP status only', () => {
    expect(robotRefusal('dingtalk', '{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(robotRefusal('wecom', '{"errcode":45009,"errmsg":"api freq out of limit"}')).toBe('errcode 45009: api freq out of limit');
    expect(robotRefusal('json', '{"errcode":1}')).toBeNull();
    expect(robotRefusal('dingtalk', 'not json')).toBeNull();
  });
});

describe('webhookMatches', () => {
  const n = { branchId: 'A', roles: ['lobby-manager' as const], severity: 'minor' as const };
  it('matches on empty filters, branch, shared role and minimum severity', () => {
    expect(webhookMatches({ branches: null, roles: null, minSeverity: null }, n)).toBe(true);
    expect(webhookMatches({ branches: ['B'], roles: null, minSeverity: null }, n)).toBe(false);
    expect(webhookMatches({ branches: null, roles: ['branch-head'], minSeverity: null }, n)).toBe(false);
    expect(webhookMatches({ branches: ['A'], roles: ['lobby-manager'], minSeverity: 'minor' }, n)).toBe(true);
    expect(webhookMatches({ branches: null, roles: null, minSeverity: 'major' }, n)).toBe(false);
  });
});
