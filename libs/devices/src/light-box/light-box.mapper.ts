import { DeviceReading, FaultCode } from '@lobby/contracts';

/** What one poll of a light box found. */
export type LightBoxPoll =
  | { type: 'sample'; switchedOn: boolean; currentMa: number; supplyDeciVolts: number }
  /** The module answered with a Modbus exception, or with bytes that never made a valid reply. */
  | { type: 'protocol-error'; detail: string }
  /** No answer after the retry, or the port is gone. */
  | { type: 'silent' };

export const DEFAULT_LAMP_CURRENT_THRESHOLD_MA = 50;

/**
 * Poll → normalized reading (docs/protocols/light-box.md, §2). Lamp failure: relay on, current below the
 * threshold. Relay stuck: relay off, current above it. A silent device keeps its last known
 * state, faults and lamp (stale, marked by `link: 'down'`) so one lost poll does not look like a repair.
 */
export function toLightBoxReading(poll: LightBoxPoll, previous: DeviceReading | undefined, thresholdMa: number): DeviceReading {
  switch (poll.type) {
    case 'sample':
      return sampleReading(poll, thresholdMa);
    case 'protocol-error':
      return {
        kind: 'light-box',
        link: 'up',
        state: 'fault',
        faults: ['protocol-error'],
        ...(previous?.lamp ? { lamp: previous.lamp } : {}),
      };
    case 'silent':
      return {
        kind: 'light-box',
        link: 'down',
        state: previous?.state ?? 'ok',
        faults: previous?.faults ?? [],
        ...(previous?.lamp ? { lamp: previous.lamp } : {}),
      };
  }
}

function sampleReading(sample: { switchedOn: boolean; currentMa: number }, thresholdMa: number): DeviceReading {
  const faults: FaultCode[] = [];
  if (sample.switchedOn && sample.currentMa < thresholdMa) faults.push('lamp-failure');
  if (!sample.switchedOn && sample.currentMa > thresholdMa) faults.push('relay-stuck');
  return {
    kind: 'light-box',
    link: 'up',
    state: faults.length > 0 ? 'fault' : 'ok',
    faults,
    lamp: { switchedOn: sample.switchedOn, currentMa: sample.currentMa },
  };
}
