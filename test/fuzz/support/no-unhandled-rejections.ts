/**
 * Fails the test file when anything rejected without a handler while it ran: a codec or a
 * server path that drops a promise under hostile input is a bug even if every assertion passed.
 * Jest's own environment swallows these, so they are collected here and checked after all tests.
 */
const unhandled: unknown[] = [];
const onRejection = (reason: unknown): void => {
  unhandled.push(reason);
};
process.on('unhandledRejection', onRejection);

afterAll(() => {
  process.off('unhandledRejection', onRejection);
  const described = unhandled.map((reason) => (reason instanceof Error ? reason.stack ?? reason.message : String(reason)));
  expect(described).toEqual([]);
});
