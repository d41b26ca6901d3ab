import { BranchCalendar } from '@lobby/calendar';
import { DeviceSchedule } from './device-schedule';

const calendar = new BranchCalendar({ timezone: 'Asia/Shanghai', openingHours: { mon: ['09:00', '17:00'], sat: ['10:00', '16:00'] }, exceptions: [] });
const beijing = { id: 'BJ', calendar, location: { lat: 39.92, lon: 116.44 } };
const nowhere = { id: 'X', calendar, location: null };
const schedule = new DeviceSchedule({ preOpeningMs: 60 * 60_000, lightBoxSchedule: { on: 'sunset', off: '22:00' }, sunsetFallback: '18:00' });
const at = (local: string) => calendar.instant(local.slice(0, 10), local.slice(11));

describe(DeviceSchedule.name, () => {
  it('expects lobby devices on from an hour before opening until closing', () => {
    // 2026-11-30 is a Monday.
    expect(schedule.expectedOn('ticket-printer', {}, beijing, at('2026-11-30 07:59'))).toBe(false);
    expect(schedule.expectedOn('ticket-printer', {}, beijing, at('2026-11-30 08:00'))).toBe(true);
    expect(schedule.expectedOn('ticket-printer', {}, beijing, at('2026-11-30 16:59'))).toBe(true);
    expect(schedule.expectedOn('ticket-printer', {}, beijing, at('2026-11-30 17:00'))).toBe(false);
    expect(schedule.expectedOn('cash-dispenser', {}, beijing, at('2026-12-01 10:00'))).toBe(false); // Tuesday: closed in this calendar
  });

  it('lights a light box from sunset (suncalc at the branch) until its off time', () => {
    const sunset = schedule.sunset('2026-11-30', beijing);
    expect(calendar.localTime(sunset)).toMatch(/^16:[45]\d$/); // Beijing, end of November
    expect(schedule.lightRequired({}, beijing, sunset - 60_000)).toBe(false);
    expect(schedule.lightRequired({}, beijing, sunset + 60_000)).toBe(true);
    expect(schedule.lightRequired({}, beijing, at('2026-11-30 22:00'))).toBe(false);
    expect(schedule.expectedOn('light-box', {}, beijing, at('2026-11-30 21:00'))).toBe(true);
  });

  it('falls back to 18:00 without a location and follows a device schedule across midnight', () => {
    expect(calendar.localTime(schedule.sunset('2026-11-30', nowhere))).toBe('18:00');
    const own = { lightSchedule: { on: '19:00', off: '01:00' } };
    expect(schedule.lightRequired(own, nowhere, at('2026-11-30 18:59'))).toBe(false);
    expect(schedule.lightRequired(own, nowhere, at('2026-11-30 23:30'))).toBe(true);
    expect(schedule.lightRequired(own, nowhere, at('2026-12-01 00:30'))).toBe(true);
    expect(schedule.lightRequired(own, nowhere, at('2026-12-01 01:00'))).toBe(false);
  });

  it('expects the cash machines of a 24-hour self-service area on at night, and only those', () => {
    const allNight = { ...beijing, selfService24h: true };
    expect(schedule.expectedOn('cash-dispenser', {}, beijing, at('2026-11-30 23:00'))).toBe(false);
    expect(schedule.expectedOn('cash-dispenser', {}, allNight, at('2026-11-30 23:00'))).toBe(true);
    expect(schedule.expectedOn('cash-dispenser', {}, allNight, at('2026-12-01 03:00'))).toBe(true); // a closed Tuesday too
    expect(schedule.expectedOn('ticket-printer', {}, allNight, at('2026-11-30 23:00'))).toBe(false);
  });
});
