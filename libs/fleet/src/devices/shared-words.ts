import { DEVICE_KINDS, DeviceKind } from '@lobby/contracts';

/**
 * The program's own copy of a word read from the database, where it is one of a few (a device's
 * kind, who registered it): every row read brings its own copy of the string, and with 100,000
 * devices kept in memory those copies added up to megabytes of the same few words.
 */
const WORDS = new Map<string, string>([...DEVICE_KINDS, 'birth', 'admin'].map((w) => [w, w]));

export function sharedKind(kind: DeviceKind): DeviceKind {
  return (WORDS.get(kind) as DeviceKind | undefined) ?? kind;
}

export function sharedRegisteredBy(by: 'birth' | 'admin'): 'birth' | 'admin' {
  return (WORDS.get(by) as 'birth' | 'admin' | undefined) ?? by;
}
