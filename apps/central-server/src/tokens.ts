/** Injection token of the validated `CentralConfig`. */
export const CentralConfigToken = Symbol('CentralConfig');
