import type { AgentChange } from './agents/agent-state.service';
import type { AgentEventReceived, BirthApplied, DeviceChange } from './ingest/ingest.service';

/** The fleet's domain events (see `DomainEvents` in the platform lib). */
declare module '@lobby/platform' {
  interface DomainEvents {
    /** A device's live state changed (changes only: heartbeats that change nothing do not count). Hot: ingest. */
    'device.changed': DeviceChange;
    /** A device was registered or an admin changed its name, location, settings or decommissioning. */
    'device.updated': { deviceId: string };
    /** A birth was applied: devices became known, left, or were renamed. */
    'devices.reported': BirthApplied;
    /** An agent event (`buffer.dropped`, `device.unplugged`, …), once each. */
    'agent.event': AgentEventReceived;
    /** An agent came online, went offline, or reported its health. */
    'agent.changed': AgentChange;
    /** A branch was created or its name, calendar, time zone or location changed. */
    'branch.changed': { branchId: string };
    /** A command to a device was finished by its agent's result (expiries are found by reading it). */
    'command.finished': { commandId: string; branchId: string };
  }
}

export {};
