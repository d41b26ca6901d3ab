import type { SimulatorScriptStep } from '@lobby/contracts';
import { Clock } from '@lobby/runtime';
import { SimulatorTimers } from './simulator-timers';

/** Anything that takes simulator actions by name: byte simulators and the cash dispenser's client. */
export interface ScriptableSimulator {
  apply(action: string): void;
}

export interface SimulatorScriptOptions {
  /** After the last step (at once for an empty script): typically the random autoplay. */
  then?: () => void;
  /** A step the simulator refused (an unknown action): reported, and the script goes on. */
  onRefused?: (step: SimulatorScriptStep, reason: string) => void;
}

/** A playing script; `cancel()` drops the steps not yet played and the `then`. */
export interface PlayingScript {
  cancel(): void;
}

/**
 * Plays a fixed sequence of actions on a simulator, each at its time after the start: the demo
 * uses it for an opening scene in which every kind of event happens at a known moment, before
 * the simulator's random behaviour takes over. Time comes from the injected clock.
 */
export function playSimulatorScript(
  simulator: ScriptableSimulator,
  steps: readonly SimulatorScriptStep[],
  clock: Clock,
  options: SimulatorScriptOptions = {},
): PlayingScript {
  const timers = new SimulatorTimers();
  const ordered = [...steps].sort((a, b) => a.atMs - b.atMs);
  for (const step of ordered) timers.later(clock, step.atMs, () => applyStep(simulator, step, options));
  const endMs = ordered.at(-1)?.atMs ?? 0;
  if (options.then) timers.later(clock, endMs, options.then);
  return { cancel: () => timers.cancelAll() };
}

function applyStep(simulator: ScriptableSimulator, step: SimulatorScriptStep, options: SimulatorScriptOptions): void {
  try {
    simulator.apply(step.action);
  } catch (error) {
    options.onRefused?.(step, error instanceof Error ? error.message : String(error));
  }
}
