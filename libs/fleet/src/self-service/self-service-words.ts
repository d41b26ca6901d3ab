import { both, type Localized, type SelfServiceState } from '@lobby/contracts';

/** What the lobby manager reads about the self-service area (分流), from the message catalogue. */
export const SELF_SERVICE_LABELS: Record<SelfServiceState, Localized> = {
  'withdraw-and-deposit': both('selfService.label.withdraw-and-deposit'),
  'withdraw-only': both('selfService.label.withdraw-only'),
  'deposit-only': both('selfService.label.deposit-only'),
  unavailable: both('selfService.label.unavailable'),
};

/** The notification when the state changes: what to tell customers now, in both languages. */
export function selfServiceNotice(branchName: string, state: SelfServiceState): { title: Localized; text: Localized } {
  const label = SELF_SERVICE_LABELS[state];
  const advice = both(`selfService.advice.${state}`);
  return {
    title: both('selfService.title', { branch: branchName, title: label }),
    text: both('selfService.text', { title: label, action: advice }),
  };
}
