import { z } from 'zod';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
export const HoursSchema = z
  .tuple([HHMM, HHMM])
  .refine(([open, close]) => open < close, { message: 'opening must be before closing' });
export type Hours = z.infer<typeof HoursSchema>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Per weekday `["09:00","17:00"]`, or null/missing for closed (docs/api.md). */
export const OpeningHoursSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, HoursSchema.nullable().optional()])) as Record<
    Weekday,
    z.ZodOptional<z.ZodNullable<typeof HoursSchema>>
  >)
  .strict();
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

export const CalendarExceptionSchema = z.union([
  z.object({ date: z.iso.date(), closed: z.literal(true) }).strict(),
  z.object({ date: z.iso.date(), hours: HoursSchema }).strict(),
]);
export type CalendarException = z.infer<typeof CalendarExceptionSchema>;

/** With `openingHours` omitted a branch opens every day 09:00–17:00. */
export const DEFAULT_OPENING_HOURS: OpeningHours = Object.fromEntries(
  WEEKDAYS.map((d) => [d, ['09:00', '17:00']]),
);

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export const TimezoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not a known IANA time zone' },
);
