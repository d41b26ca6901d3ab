import { z } from 'zod';

/** Branch and device ids (docs/api.md: `[A-Za-z0-9_-]{1,64}`). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const IdSchema = z.string().regex(ID_PATTERN, 'must match [A-Za-z0-9_-]{1,64}');

/** `central` is a topic segment of its own (`lobby/v1/central/state`): no branch may take it. */
export const RESERVED_BRANCH_IDS: readonly string[] = ['central'];
export const BranchIdSchema = IdSchema.refine((id) => !RESERVED_BRANCH_IDS.includes(id), {
  message: 'is a reserved id',
});

/** ISO-8601 date-time with an offset (`Z` or `+08:00`). */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
