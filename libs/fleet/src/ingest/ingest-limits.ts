/** What the ingest accepts from one agent before it refuses and counts (docs/operations.md). */
export class IngestLimits {
  constructor(
    /** A `ts` further ahead of the server clock than this is clamped to the receipt time. */
    readonly maxFutureMs = 5 * 60_000,
    /** Devices a branch may have at most through births (admin registrations are not limited). */
    readonly maxDevicesPerBranch = 500,
    /** A forward seq jump larger than this is a reset (counted apart), not a gap of that size. */
    readonly maxSeqGap = 100_000,
  ) {}
}
