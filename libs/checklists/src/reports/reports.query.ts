import { z } from 'zod';
import { IdSchema } from '@lobby/contracts';

/** At most this many days in one report. */
export const MAX_REPORT_DAYS = 366;

const branchList = z
  .string()
  .transform((s) => s.split(',').map((id) => id.trim()))
  .pipe(z.array(IdSchema).min(1).max(1000));

export const ReportSummaryQuerySchema = z
  .object({ branch: branchList.optional(), from: z.iso.date().optional(), to: z.iso.date().optional() })
  .strict();
export type ReportSummaryQuery = z.infer<typeof ReportSummaryQuerySchema>;

export const MonthlyReportQuerySchema = z
  .object({
    branch: IdSchema,
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM'),
    /** The page's and CSV's language; omitted: the reader's own (`locale`). */
    lang: z.enum(['zh', 'en']).optional(),
  })
  .strict();
export type MonthlyReportQuery = z.infer<typeof MonthlyReportQuerySchema>;
