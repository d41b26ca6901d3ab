import { resetReport } from './chaos-report';

/** Jest globalSetup of the chaos project: the report of a run holds only that run's cases. */
export default function globalSetup(): void {
  resetReport();
}
