import type { Localized } from './locale';

/**
 * The lobby manager's day: 分流 (the self-service area), refills recorded by hand, the night
 * power-off, and the daily log page's customer-flow and queue sections. Part of the catalogue.
 */
export const DAY_MESSAGES = {
  'selfService.label.withdraw-and-deposit': { zh: '自助设备可取款、可存款', en: 'Self-service: withdrawals and deposits' },
  'selfService.label.withdraw-only': { zh: '自助设备仅可取款', en: 'Self-service: withdrawals only' },
  'selfService.label.deposit-only': { zh: '自助设备仅可存款', en: 'Self-service: deposits only' },
  'selfService.label.unavailable': { zh: '自助设备不可用', en: 'Self-service unavailable' },
  'selfService.advice.withdraw-and-deposit': { zh: '可恢复引导客户到自助区办理取款、存款等简单业务。', en: 'Customers may again be sent to the self service area for withdrawals and deposits.' },
  'selfService.advice.withdraw-only': { zh: '只引导取款客户到自助区，存款客户请到柜台办理。', en: 'Send only customers who withdraw to the self service area; deposits go to the counters.' },
  'selfService.advice.deposit-only': { zh: '只引导存款客户到自助区，取款客户请到柜台办理。', en: 'Send only customers who deposit to the self service area; withdrawals go to the counters.' },
  'selfService.advice.unavailable': { zh: '请暂停引导客户到自助区，简单业务请安排到柜台办理，并通知维修人员。', en: 'Stop sending customers to the self service area, serve simple business at the counters and call maintenance.' },
  'selfService.title': { zh: '{branch}：{title}', en: '{branch}: {title}' },
  'selfService.text': { zh: '{title}。{action}', en: '{title}. {action}' },

  'manualRefill.paper': { zh: '已换纸', en: 'Paper replaced' },
  'manualRefill.ribbon': { zh: '已换色带', en: 'Ribbon replaced' },
  'manualRefill.compartments': { zh: '已清空回单格', en: 'Compartments emptied' },

  'powerOff.title': { zh: '营业后关机：{name}', en: 'Switched off for the night: {name}' },
  'powerOff.sent': { zh: '已发送关机指令，等待设备确认', en: 'switch off command sent, waiting for the device to confirm' },
  'powerOff.done': { zh: '已关机', en: 'switched off' },
  'powerOff.failed': { zh: '关机失败（{error}）：请到现场关机', en: 'switching off failed ({error}): switch it off by hand' },
  'powerOff.expired': { zh: '设备未确认关机：请到现场确认', en: 'the device did not confirm switching off: check it on site' },
  'powerOff.unsupported': { zh: '此设备不能远程关机：请到现场关机', en: 'this device cannot be switched off remotely: switch it off by hand' },

  'flow.heading': { zh: '客流（取号机取号数）', en: 'Customer flow (tickets issued)' },
  'flow.total': { zh: '全天取号', en: 'Tickets issued' },
  'flow.beforeOpening': { zh: '营业前取号', en: 'Issued before opening' },
  'flow.hour': { zh: '时段', en: 'Hour' },
  'flow.tickets': { zh: '取号数', en: 'Tickets' },
  'flow.usual': { zh: '同星期几平时', en: 'Usual on this weekday' },
  'flow.busiest': { zh: '最忙时段', en: 'Busiest hours' },
  'flow.vsUsual': { zh: '与平时相比', en: 'Against usual' },
  'flow.none': { zh: '当日无取号记录', en: 'No tickets issued' },
  'flow.noUsual': { zh: '无往期数据', en: 'no earlier data' },
  'flow.count': { zh: '{total} 张', en: '{total} tickets' },

  'queue.heading': { zh: '排队情况（排队叫号系统）', en: 'Customers waiting (queue system)' },
  'queue.maxWaiting': { zh: '最多等候人数', en: 'Most waiting' },
  'queue.maxWait': { zh: '最长等候', en: 'Longest wait' },
  'queue.long': { zh: '等候超过 15 分钟的时点', en: 'Reports with a wait over 15 minutes' },
  'queue.at': { zh: '时间', en: 'Time' },
  'queue.waiting': { zh: '等候人数', en: 'Waiting' },
  'queue.longest': { zh: '最长等候', en: 'Longest wait' },
  'queue.minutes': { zh: '{m} 分钟', en: '{m} min' },
  'queue.people': { zh: '{total} 人', en: '{total}' },
  'queue.times': { zh: '{total} 次', en: '{total}' },
} satisfies Record<string, Localized>;
