import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { describeIssues } from '@lobby/contracts';
import { invalid } from '@lobby/platform';

/** Parses a body or query into its typed value; a bad one is a 400 with every issue listed. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly what = 'request',
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const details = describeIssues(result.error);
    throw invalid(`invalid ${this.what}: ${details[0] ?? 'bad value'}`, details);
  }
}
