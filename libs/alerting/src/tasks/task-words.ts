import { both, forecastConsumable, MESSAGES, type Localized, type MessageKey, type TaskKind, type TaskStatus } from '@lobby/contracts';
import { faultProfile } from '@lobby/devices';
import { alertTitle } from '../alerts/alert-words';

export function taskKindName(kind: TaskKind): Localized {
  return both(`task.kind.${kind}`);
}

export function taskStatusName(status: TaskStatus): Localized {
  return both(`task.status.${status}`);
}

/**
 * A task's problem as people say it. Stored problems are keys (`paper`, `fault:cutter-error`,
 * `cash-unit:CASS1`, `paper-forecast`); none of them reaches a sentence as it is.
 */
export function problemName(problem: string): Localized {
  const [head, code] = splitOnce(problem);
  if (head === 'fault' && code) return faultProfile(code).name;
  const forecastOf = forecastConsumable(head);
  if (forecastOf) return problemName(forecastOf);
  if (code) return both('alert.cashUnit', { unit: code, what: alertTitle(head) });
  const key = `task.problem.${head}`;
  if (key in MESSAGES) return both(key as MessageKey);
  const title = `alert.title.${head}`;
  return title in MESSAGES ? both(title as MessageKey) : both('task.problem.other');
}

function splitOnce(problem: string): [string, string | undefined] {
  const at = problem.indexOf(':');
  return at < 0 ? [problem, undefined] : [problem.slice(0, at), problem.slice(at + 1)];
}
