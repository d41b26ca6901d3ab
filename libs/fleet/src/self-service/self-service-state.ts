import type { CashLevel, DeviceReading, DeviceSettings, FaultCode, SelfServiceState } from '@lobby/contracts';

/** A cash machine as the derivation needs it: its newest reading and whether it takes deposits. */
export interface CashMachine {
  live: DeviceReading | null;
  settings: Pick<DeviceSettings, 'takesDeposits'> | null;
}

/** Faults that stop the whole machine: nothing goes in or out. */
const OUT_OF_SERVICE: readonly FaultCode[] = ['hardware-error', 'shutter-jammed', 'safe-door-open'];
/** Cash units that can still pay out, and those that can still take notes in. */
const CAN_PAY: readonly CashLevel[] = ['ok', 'high', 'full', 'low'];
const CAN_TAKE: readonly CashLevel[] = ['ok', 'high', 'low', 'empty'];

/** What one machine can do now: its shutter, dispenser and cash units decide. */
export function machineCapabilities(machine: CashMachine): { withdraw: boolean; deposit: boolean } {
  const live = machine.live;
  if (!live || live.link === 'down' || live.state === 'offline' || live.state === 'power-off') return { withdraw: false, deposit: false };
  if (live.faults.some((f) => OUT_OF_SERVICE.includes(f))) return { withdraw: false, deposit: false };
  const units = live.cash ?? [];
  // A machine that reports no units yet is judged by its dispenser alone.
  const withdraw = !live.faults.includes('dispenser-stop') && (units.length === 0 || units.some((u) => CAN_PAY.includes(u.level)));
  const deposit = machine.settings?.takesDeposits === true && (units.length === 0 || units.some((u) => CAN_TAKE.includes(u.level)));
  return { withdraw, deposit };
}

/**
 * The branch's self-service state (分流) from its cash machines: what at least one machine can do.
 * `null` when the branch has no cash machine.
 */
export function selfServiceState(machines: CashMachine[]): SelfServiceState | null {
  if (machines.length === 0) return null;
  const can = machines.map(machineCapabilities);
  const withdraw = can.some((c) => c.withdraw);
  const deposit = can.some((c) => c.deposit);
  if (withdraw && deposit) return 'withdraw-and-deposit';
  if (withdraw) return 'withdraw-only';
  if (deposit) return 'deposit-only';
  return 'unavailable';
}

/** Whether customers may be sent to the self-service area at all. */
export function selfServiceUsable(state: SelfServiceState | null): boolean {
  return state !== null && state !== 'unavailable';
}
