import { z } from 'zod';

const TEXT_MAX = 4000;
const paragraph = z.string().max(TEXT_MAX, `at most ${TEXT_MAX} characters`);

/** `PUT /api/branches/{id}/work-log/{date}`: the whole log as the lobby manager writes it. */
export const WriteWorkLogSchema = z
  .object({
    situation: paragraph.default('').describe('当日情况: what happened in the lobby and how services ran'),
    problems: paragraph.default('').describe('发现问题: problems found'),
    suggestions: paragraph.default('').describe('意见建议: suggestions'),
    onDuty: z.array(z.string().trim().min(1).max(64)).max(20).default([]).describe('Who was on duty'),
  })
  .strict();
export type WriteWorkLog = z.infer<typeof WriteWorkLogSchema>;

/** `POST …/work-log/{date}/submit`: nothing to send. */
export const SubmitWorkLogSchema = z.object({}).strict();

/** `POST …/work-log/{date}/review`: the branch head's comment (批阅意见). */
export const ReviewWorkLogSchema = z.object({ comment: z.string().trim().min(1, 'comment is required').max(2000) }).strict();
export type ReviewWorkLog = z.infer<typeof ReviewWorkLogSchema>;

/** The `:date` path segment: a real calendar date. */
export const WorkLogDateSchema = z.iso.date();
