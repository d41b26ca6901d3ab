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

const ADVICE: Record<SelfServiceState, { zh: string; en: string }> = {
  'withdraw-and-deposit': { zh: '可恢复引导客户到自助区办理取款、存款等简单业务。', en: 'Customers may again be sent to the self-service area for withdrawals and deposits.' },
  'withdraw-only': { zh: '只引导取款客户到自助区，存款客户请到柜台办理。', en: 'Send only customers who withdraw to the self-service area; deposits go to the counters.' },
  'deposit-only': { zh: '只引导存款客户到自助区，取款客户请到柜台办理。', en: 'Send only customers who deposit to the self-service area; withdrawals go to the counters.' },
  unavailable: { zh: '请暂停引导客户到自助区，简单业务请安排到柜台办理，并通知维修人员。', en: 'Stop sending customers to the self-service area, serve simple business at the counters and call maintenance.' },
};

/** The notification when the state changes: what to tell customers now, in both languages. */
export function selfServiceNotice(branchName: string, state: SelfServiceState): { title: { zh: string; en: string }; text: { zh: string; en: string } } {
  const label = SELF_SERVICE_LABELS[state];
  const advice = ADVICE[state];
  return {
    title: { zh: `${branchName}：${label.zh}`, en: `${branchName}: ${label.en}` },
    text: { zh: `${label.zh}。${advice.zh}`, en: `${label.en}. ${advice.en}` },
  };
}
