/** The one polling helper lives in `@lobby/runtime` (lib specs use it too); kept here for the suites' imports. */
export { eventually, eventuallyFound } from '@lobby/runtime';
