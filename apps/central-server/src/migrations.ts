import { ACCESS_MIGRATIONS } from '@lobby/access';
import { ALERTING_MIGRATIONS } from '@lobby/alerting';
import { CHECKLIST_MIGRATIONS } from '@lobby/checklists';
import { FLEET_MIGRATIONS } from '@lobby/fleet';
import { composeMigrations, PLATFORM_MIGRATIONS } from '@lobby/platform';

/** Every lib's migrations, in timestamp order: what the central server runs at start. */
export const MIGRATIONS = composeMigrations(PLATFORM_MIGRATIONS, FLEET_MIGRATIONS, ACCESS_MIGRATIONS, ALERTING_MIGRATIONS, CHECKLIST_MIGRATIONS);
