/** Access's domain events (see `DomainEvents` in the platform lib). */
declare module '@lobby/platform' {
  interface DomainEvents {
    /** A branch's agent credentials were replaced: the broker disconnects the old session. */
    'credentials.replaced': { branchId: string };
  }
}

export {};
