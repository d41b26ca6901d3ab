/**
 * What the closing checklist says about the night power-off (营业后关机). Chinese first; one place,
 * so the message catalogue can take these over.
 */
export const POWER_OFF_WORDS = {
  title: (name: string) => ({ zh: `营业后关机：${name}`, en: `Switched off for the night: ${name}` }),
  sent: { zh: '已发送关机指令，等待设备确认', en: 'power-off sent, waiting for the device to confirm' },
  done: { zh: '已关机', en: 'switched off' },
  failed: (error: string) => ({ zh: `关机失败（${error}）：请到现场关机`, en: `power-off failed (${error}): switch it off by hand` }),
  expired: { zh: '设备未确认关机：请到现场确认', en: 'the device did not confirm the power-off: check it on site' },
  unsupported: { zh: '此设备不能远程关机：请到现场关机', en: 'this device cannot be switched off remotely: switch it off by hand' },
} as const;
