import { LocaleSchema } from '../i18n/locale';
import { z } from 'zod';
import { BranchIdSchema } from '../ids';

export const ROLES = ['lobby-manager', 'maintenance', 'cash-centre', 'branch-head', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UsernameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must match [A-Za-z0-9_.-]{1,64}');
export const PasswordSchema = z.string().min(8, 'must be at least 8 characters').max(200);

export const LoginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict();
export type Login = z.infer<typeof LoginSchema>;

export const CreateUserSchema = z
  .object({
    username: UsernameSchema,
    password: PasswordSchema,
    role: RoleSchema,
    branches: z.array(BranchIdSchema).max(10000).default([]),
    /** The user's language: `zh-CN` (default) or `en`. */
    locale: LocaleSchema.optional(),
  })
  .strict();
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({
    password: PasswordSchema.optional(),
    role: RoleSchema.optional(),
    branches: z.array(BranchIdSchema).max(10000).optional(),
    disabled: z.boolean().optional(),
    locale: LocaleSchema.optional(),
  })
  .strict();
export type UpdateUser = z.infer<typeof UpdateUserSchema>;
