import { z } from 'zod';
import { DeviceKindSchema } from '@lobby/contracts';

/** Chinese first, English beside it: every title and reason is kept in both. */
export const LocalizedSchema = z.object({ zh: z.string().min(1).max(200), en: z.string().min(1).max(200) }).strict();
export type Localized = z.infer<typeof LocalizedSchema>;

/**
 * What an automatic item verifies from live state (docs/checklists.md):
 * - `device-ok`: the device answers (`link: up`) and reports no fault;
 * - `consumable`: paper/ribbon not low or out, and the forecast says it lasts until closing;
 * - `lamp-per-schedule`: a light box is lit (or dark) as its schedule says right now;
 * - `switched-on`: the device is on (not `power-off`, not `offline`, answering);
 * - `powered-off`: the device is switched off (`power-off`) after closing;
 * - `lamp-test`: a light box lights up when switched on (a switch test through `lamp.on` where
 *   `switchTest` is set) and draws current without a lamp or relay fault.
 */
export const AUTO_CHECKS = ['device-ok', 'consumable', 'lamp-per-schedule', 'switched-on', 'powered-off', 'lamp-test'] as const;
export const AutoCheckSchema = z.enum(AUTO_CHECKS);
export type AutoCheck = z.infer<typeof AutoCheckSchema>;

const TemplateIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,47}$/, 'must be lowercase kebab-case, at most 48 characters');

const ManualItemSchema = z
  .object({
    id: TemplateIdSchema,
    mode: z.literal('manual'),
    title: LocalizedSchema,
    /** When set, one item per device of these kinds (`{device}` in the title); else one per branch. */
    kinds: z.array(DeviceKindSchema).min(1).optional(),
  })
  .strict();

const AutoItemSchema = z
  .object({
    id: TemplateIdSchema,
    mode: z.literal('auto'),
    check: AutoCheckSchema,
    title: LocalizedSchema,
    /** One item per device of these kinds. */
    kinds: z.array(DeviceKindSchema).min(1),
    consumable: z.enum(['paper', 'ribbon']).optional(),
    /** `lamp-test`: switch the lamp on through the light-box command to see it light. */
    switchTest: z.boolean().optional(),
  })
  .strict()
  .refine((item) => item.check !== 'consumable' || item.consumable !== undefined, {
    message: 'a consumable check names its consumable (paper or ribbon)',
    path: ['consumable'],
  });

export const ItemTemplateSchema = z.union([ManualItemSchema, AutoItemSchema]);
export type ItemTemplate = z.infer<typeof ItemTemplateSchema>;
export type AutoItemTemplate = z.infer<typeof AutoItemSchema>;

const uniqueIds = (items: ItemTemplate[]) => new Set(items.map((i) => i.id)).size === items.length;

export const ChecklistTemplatesSchema = z
  .object({
    schedule: z
      .object({
        /** The opening checklist is generated this long before opening. */
        openingLeadMinutes: z.number().int().min(0).max(12 * 60).default(30),
        /** A closing checklist not signed off this long after closing is overdue. */
        closingOverdueMinutes: z.number().int().min(0).max(12 * 60).default(60),
      })
      .strict()
      .default({ openingLeadMinutes: 30, closingOverdueMinutes: 60 }),
    opening: z.array(ItemTemplateSchema).max(100).refine(uniqueIds, 'item ids must be unique'),
    closing: z.array(ItemTemplateSchema).max(100).refine(uniqueIds, 'item ids must be unique'),
  })
  .strict();
export type ChecklistTemplates = z.infer<typeof ChecklistTemplatesSchema>;
export type ChecklistKind = 'opening' | 'closing';
export const CHECKLIST_KINDS: readonly ChecklistKind[] = ['opening', 'closing'];
