import { z } from 'zod';
import { DeviceKindSchema } from '../device-kind';
import { BranchIdSchema } from '../ids';
import { CalendarExceptionSchema, OpeningHoursSchema, TimezoneSchema } from '../opening-hours';

export const LocationSchema = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict();

export const CreateBranchSchema = z
  .object({
    id: BranchIdSchema,
    name: z.string().min(1).max(200),
    timezone: TimezoneSchema.optional(),
    openingHours: OpeningHoursSchema.optional(),
    exceptions: z.array(CalendarExceptionSchema).max(400).optional(),
    location: LocationSchema.optional(),
    /** The self-service area (自助区) is open 24 hours: cash machines are expected on at night and their faults alert then. */
    selfService24h: z.boolean().optional(),
    /** Kinds switched off (`power.off`) after the closing checklist is signed off; a device's own `nightPowerOff` setting wins. */
    nightPowerOff: z.array(DeviceKindSchema).max(8).optional(),
  })
  .strict();
export type CreateBranch = z.infer<typeof CreateBranchSchema>;

export const UpdateBranchSchema = CreateBranchSchema.omit({ id: true })
  .partial()
  .extend({ location: LocationSchema.nullable().optional() })
  .strict();
export type UpdateBranch = z.infer<typeof UpdateBranchSchema>;

/** The fleet file (`config/fleet.yaml`): branches seeded at the first start. */
export const FleetFileSchema = z
  .object({ branches: z.array(CreateBranchSchema).max(10000) })
  .strict();
export type FleetFile = z.infer<typeof FleetFileSchema>;
