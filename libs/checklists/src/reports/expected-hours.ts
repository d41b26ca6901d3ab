import { profileOf } from '@lobby/devices';
import type { DevicePowerSchedule, ScheduledDevice } from '@lobby/fleet';
import type { Span } from '../daily-log/availability';

const MINUTE = 60_000;

/**
 * When a device is expected to serve on a local day, if not the opening hours (`undefined`): a light box while
 * its lamp should be lit (its own schedule or the default, which may run past midnight and does
 * not follow the opening hours), sampled by the minute from the schedule the alert rules use.
 */
export async function expectedSpans(
  device: ScheduledDevice & { id: string },
  day: Span,
  schedule: DevicePowerSchedule | undefined,
): Promise<Span[] | undefined> {
  if (!profileOf(device.kind).lampSchedule || !schedule) return undefined;
  const spans: Span[] = [];
  let start: number | null = null;
  for (let t = day.from; t < day.to; t += MINUTE) {
    const on = await schedule.expectedOn(device, t);
    if (on && start === null) start = t;
    if (!on && start !== null) {
      spans.push({ from: start, to: t });
      start = null;
    }
  }
  if (start !== null) spans.push({ from: start, to: day.to });
  return spans;
}
