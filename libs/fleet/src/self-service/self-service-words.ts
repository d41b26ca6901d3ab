import type { SelfServiceState } from '@lobby/contracts';

/**
 * What the lobby manager reads about the self-service area (分流). Chinese first; one place, so the
 * message catalogue can take these over.
 */
export const SELF_SERVICE_LABELS: Record<SelfServiceState, { zh: string; en: string }> = {
  'withdraw-and-deposit': { zh: '自助设备可取款、可存款', en: 'Self-service: withdrawals and deposits' },
  'withdraw-only': { zh: '自助设备仅可取款', en: 'Self-service: withdrawals only' },
  'deposit-only': { zh: '自助设备仅可存款', en: 'Self-service: deposits only' },
  unavailable: { zh: '自助设备不可用', en: 'Self-service unavailable' },
};

/** The notification when the state changes: what to tell customers now. */
export function selfServiceNotice(branchName: string, state: SelfServiceState): { title: string; text: string } {
  const label = SELF_SERVICE_LABELS[state];
  const advice: Record<SelfServiceState, string> = {
    'withdraw-and-deposit': '可恢复引导客户到自助区办理取款、存款等简单业务。',
    'withdraw-only': '只引导取款客户到自助区，存款客户请到柜台办理。',
    'deposit-only': '只引导存款客户到自助区，取款客户请到柜台办理。',
    unavailable: '请暂停引导客户到自助区，简单业务请安排到柜台办理，并通知维修人员。',
  };
  return { title: `${branchName}：${label.zh}`, text: `${label.zh}。${advice[state]}` };
}
