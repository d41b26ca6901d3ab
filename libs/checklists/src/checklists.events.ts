import type { ChecklistView } from './checklists/checklist-view';

/** Checklists' domain events (see `DomainEvents` in the platform lib). */
declare module '@lobby/platform' {
  interface DomainEvents {
    /** A checklist was generated, ticked, re-evaluated or signed off: its view as the API shows it. */
    'checklist.changed': { branchId: string; checklist: ChecklistView };
    /** A checklist was signed off (the daily log follows a closing one). */
    'checklist.signed-off': { checklistId: string; branchId: string; kind: string; date: string };
  }
}

export {};
