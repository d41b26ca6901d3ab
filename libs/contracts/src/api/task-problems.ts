/**
 * How a task's `problem` names a consumable, in one place: an alert's refill task says the
 * consumable (`paper`, `ribbon`, `cash`), the refill planner's forecast task says
 * `{consumable}-forecast`, for a cash unit `cash-forecast:{unit}`. Alerting (one task per visit),
 * checklists (planning) and the task wording read problems through these.
 */
const FORECAST = '-forecast';

/** The forecast task's problem for a consumable (and a cash unit). */
export function forecastProblem(consumable: string, unit?: string): string {
  return unit === undefined ? `${consumable}${FORECAST}` : `${consumable}${FORECAST}:${unit}`;
}

/** The consumable a forecast task's problem is about; `null` for any other problem. */
export function forecastConsumable(problem: string): string | null {
  const head = problem.split(':', 1)[0];
  return head.endsWith(FORECAST) ? head.slice(0, -FORECAST.length) : null;
}

/** Whether a task's problem is a refill of `consumable`: the alert's own (`paper`) or a forecast's. */
export function refillsConsumable(problem: string, consumable: string): boolean {
  return problem === consumable || forecastConsumable(problem) === consumable;
}
