import type { FleetFacts } from '@lobby/fleet';
import type { ChecklistDevice } from '../templates/instantiate';

/**
 * The devices a branch's checklist has items for: not decommissioned, and not left behind by the
 * agent (a device its births registered and a later birth no longer lists). A device an admin
 * registered beforehand counts until it is decommissioned, reported or not.
 */
export async function checklistDevices(facts: FleetFacts, branchId: string): Promise<(ChecklistDevice & { createdAt: number })[]> {
  const rows = await facts.activeDevices(branchId);
  return rows.filter((d) => d.reported || d.registeredBy === 'admin').map(({ id, kind, name, nameEn, location, createdAt }) => ({ id, kind, name, nameEn, location, createdAt }));
}
