import { ConsumableLevel, DeviceEventType, DeviceReading, FaultCode } from '@lobby/contracts';

export interface DerivedEvent {
  type: DeviceEventType;
  data: Record<string, unknown>;
}

/** Fault codes whose appearance and disappearance are events of their own. */
const FAULT_EVENTS: readonly { fault: FaultCode; opened: DeviceEventType; closed: DeviceEventType }[] = [
  { fault: 'cover-open', opened: 'cover.opened', closed: 'cover.closed' },
  { fault: 'door-open', opened: 'door.opened', closed: 'door.closed' },
];

const CONSUMABLE_EVENTS: readonly { consumable: 'paper' | 'ribbon'; replaced: DeviceEventType }[] = [
  { consumable: 'paper', replaced: 'paper.replaced' },
  { consumable: 'ribbon', replaced: 'ribbon.replaced' },
];

const WORN: readonly ConsumableLevel[] = ['low', 'out'];

/**
 * Device events that follow from two consecutive readings of one device, for any kind: the
 * driver reports state, the agent sees the change. Both readings must be from a device that
 * answered (`link: up`); a silent device says nothing about its paper or its cover.
 */
export function deriveEvents(previous: DeviceReading | undefined, next: DeviceReading): DerivedEvent[] {
  if (!previous || previous.link !== 'up' || next.link !== 'up') return [];
  return [...consumableEvents(previous, next), ...faultEvents(previous, next), ...cashEvents(previous, next)];
}

function consumableEvents(previous: DeviceReading, next: DeviceReading): DerivedEvent[] {
  const events: DerivedEvent[] = [];
  for (const { consumable, replaced } of CONSUMABLE_EVENTS) {
    const before = previous.consumables?.[consumable]?.level;
    const after = next.consumables?.[consumable]?.level;
    if (before && WORN.includes(before) && after === 'ok') events.push({ type: replaced, data: { from: before } });
  }
  return events;
}

function faultEvents(previous: DeviceReading, next: DeviceReading): DerivedEvent[] {
  const events: DerivedEvent[] = [];
  for (const { fault, opened, closed } of FAULT_EVENTS) {
    const before = previous.faults.includes(fault);
    const after = next.faults.includes(fault);
    if (!before && after) events.push({ type: opened, data: {} });
    if (before && !after) events.push({ type: closed, data: {} });
  }
  return events;
}

/** A cash unit whose count rose was refilled (dispensing only ever lowers it). */
function cashEvents(previous: DeviceReading, next: DeviceReading): DerivedEvent[] {
  const before = new Map((previous.cash ?? []).map((unit) => [unit.unit, unit]));
  return (next.cash ?? [])
    .filter((unit) => {
      const old = before.get(unit.unit);
      return old !== undefined && unit.count > old.count;
    })
    .map((unit) => ({
      type: 'cash.replenished' as const,
      data: {
        unit: unit.unit,
        currency: unit.currency,
        denomination: unit.denomination,
        before: before.get(unit.unit)!.count,
        after: unit.count,
      },
    }));
}
