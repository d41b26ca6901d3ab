import { ID_PATTERN } from '@lobby/contracts';
import { notFound } from '@lobby/platform';

/** A path id that cannot exist is simply not found (404), never a 400 that confirms the shape. */
export function pathId(value: string, what: string): string {
  if (!ID_PATTERN.test(value)) throw notFound(what);
  return value;
}
