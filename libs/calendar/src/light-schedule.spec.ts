import { BranchCalendar } from './branch-calendar';
import { lampExpectedOn, lightWindow, sunsetAt } from './light-schedule';

const shanghai = new BranchCalendar({ timezone: 'Asia/Shanghai' });
const local = (date: string, hhmm: string) => shanghai.instant(date, hhmm);

describe(lampExpectedOn.name, () => {
  it('computes sunset at the branch location with suncalc, falling back to 18:00 without one', () => {
    expect(shanghai.localTime(sunsetAt(shanghai, '2026-11-28', { lat: 39.9219, lon: 116.4436 }))).toBe('16:52'); // Beijing in late November
    expect(shanghai.localTime(sunsetAt(shanghai, '2026-06-21', { lat: 39.9219, lon: 116.4436 }))).toBe('19:47');
    expect(shanghai.localTime(sunsetAt(shanghai, '2026-11-28', null))).toBe('18:00');
  });

  it('lights between on and off, across midnight, with yesterday’s window running into today', () => {
    const schedule = { on: '18:00', off: '06:00' };
    expect(lampExpectedOn(local('2026-11-28', '17:59'), schedule, shanghai, null)).toBe(false);
    expect(lampExpectedOn(local('2026-11-28', '23:00'), schedule, shanghai, null)).toBe(true);
    expect(lampExpectedOn(local('2026-11-29', '05:59'), schedule, shanghai, null)).toBe(true);
    expect(lampExpectedOn(local('2026-11-29', '06:00'), schedule, shanghai, null)).toBe(false);
    const window = lightWindow({ on: 'sunset', off: '22:00' }, shanghai, '2026-11-28', { lat: 39.92, lon: 116.44 });
    expect(shanghai.localTime(window.off)).toBe('22:00');
    expect(lampExpectedOn(local('2026-11-28', '17:00'), undefined, shanghai, { lat: 39.92, lon: 116.44 })).toBe(true); // default: sunset–22:00
    expect(lampExpectedOn(local('2026-11-28', '12:00'), undefined, shanghai, { lat: 39.92, lon: 116.44 })).toBe(false);
  });
});
