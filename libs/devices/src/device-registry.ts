import { DeviceKind } from '@lobby/contracts';
import { DeviceModule } from './core/device-driver';
import { cashDispenserModule } from './cash-dispenser';
import { lightBoxModule } from './light-box';
import { receiptBoxModule } from './receipt-box';
import { ticketPrinterModule } from './ticket-printer';

/**
 * Every device kind's module, chosen by `kind` from the agent's config. A new kind is one
 * folder plus one line here; `satisfies Record<…>` makes a kind without a module a compile error.
 */
export const DEVICE_MODULES = {
  'ticket-printer': ticketPrinterModule,
  'receipt-box': receiptBoxModule,
  'light-box': lightBoxModule,
  'cash-dispenser': cashDispenserModule,
} satisfies Record<DeviceKind, DeviceModule>;

export function deviceModuleFor(kind: DeviceKind): DeviceModule {
  return DEVICE_MODULES[kind];
}
