import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { localeOf, type CreateUser, type Locale, type Role, type UpdateUser } from '@lobby/contracts';
import { Clock, conflict, invalid, isUniqueViolation, notFound } from '@lobby/platform';
import { UserEntity } from './entities/user.entity';
import type { Principal } from './principal';
import { hashSecret, randomSecret, verifySecret } from './secret-hash';

export interface UserView {
  username: string;
  role: Role;
  branches: string[];
  disabled: boolean;
  locale: Locale;
  createdAt: string;
  updatedAt: string;
}

/** Users of the dashboard and API. Passwords are stored as scrypt hashes. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.db.getRepository(UserEntity);
  }

  async create(input: CreateUser): Promise<UserView> {
    await this.assertBranchesExist(input.branches);
    const now = this.clock.now();
    const user = this.repo.create({
      username: input.username,
      passwordHash: await hashSecret(input.password),
      role: input.role,
      branches: [...new Set(input.branches)],
      disabled: false,
      locale: input.locale ?? 'zh-CN',
      tokenVersion: 0,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.repo.insert(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`user ${input.username} already exists`);
      throw error;
    }
    return toView(user);
  }

  async list(limit: number, offset: number): Promise<{ items: UserView[]; total: number }> {
    const [rows, total] = await this.repo.findAndCount({ order: { username: 'ASC' }, take: limit, skip: offset });
    return { items: rows.map(toView), total };
  }

  async update(username: string, patch: UpdateUser): Promise<UserView> {
    const user = await this.repo.findOneBy({ username });
    if (!user) throw notFound(`user ${username}`);
    if (patch.branches) await this.assertBranchesExist(patch.branches);
    if (patch.password) user.passwordHash = await hashSecret(patch.password);
    if (patch.role) user.role = patch.role;
    if (patch.branches) user.branches = [...new Set(patch.branches)];
    // A new password or a disable revokes every token issued so far.
    if (patch.password || (patch.disabled === true && !user.disabled)) user.tokenVersion += 1;
    if (patch.disabled !== undefined) user.disabled = patch.disabled;
    if (patch.locale) user.locale = patch.locale;
    user.updatedAt = this.clock.now();
    await this.repo.update(
      { username },
      { passwordHash: user.passwordHash, role: user.role, branches: user.branches, disabled: user.disabled, locale: user.locale, tokenVersion: user.tokenVersion, updatedAt: user.updatedAt },
    );
    return toView(user);
  }

  /** The principal for a username and password, or `null` (unknown, wrong, disabled). */
  async authenticate(username: string, password: string): Promise<(Principal & { tokenVersion: number }) | null> {
    const user = await this.repo.findOneBy({ username });
    const ok = user ? await verifySecret(password, user.passwordHash) : await verifySecret(password, DUMMY_HASH);
    if (!user || !ok || user.disabled) return null;
    return { username: user.username, role: user.role, branches: user.branches, locale: localeOf(user.locale), tokenVersion: user.tokenVersion };
  }

  /** The current principal of a user named in a token (role and branches may have changed),
   *  or `null` when the user is gone, disabled, or the token predates its token version. */
  async current(username: string, tokenVersion: number): Promise<Principal | null> {
    const user = await this.repo.findOneBy({ username });
    if (!user || user.disabled || user.tokenVersion !== tokenVersion) return null;
    return { username: user.username, role: user.role, branches: user.branches, locale: localeOf(user.locale) };
  }

  /** Whether `username` is an enabled user of `role` who may see `branchId` (e.g. a task's assignee). */
  async isActiveMember(username: string, role: Role, branchId: string): Promise<boolean> {
    const user = await this.repo.findOneBy({ username });
    return !!user && !user.disabled && user.role === role && user.branches.includes(branchId);
  }

  /** Seeds `admin` at the first start; returns the generated password when none was given. */
  async ensureAdmin(password: string | undefined): Promise<{ created: boolean; generatedPassword?: string }> {
    if (await this.repo.existsBy({ username: 'admin' })) return { created: false };
    const generated = password ? undefined : randomSecret(12);
    try {
      await this.create({ username: 'admin', password: password ?? generated!, role: 'admin', branches: [] });
    } catch {
      return { created: false }; // another instance seeded it first
    }
    return { created: true, generatedPassword: generated };
  }

  private async assertBranchesExist(branches: string[]): Promise<void> {
    if (branches.length === 0) return;
    const unique = [...new Set(branches)];
    const found: { id: string }[] = await this.db
      .createQueryBuilder()
      .select('b.id', 'id')
      .from('branch', 'b')
      .where({ id: In(unique) })
      .getRawMany();
    const known = new Set(found.map((row) => row.id));
    const missing = unique.filter((id) => !known.has(id));
    if (missing.length) throw invalid(`unknown branches: ${missing.join(', ')}`, missing.map((id) => `branches: unknown branch ${id}`));
  }
}

// Verifying against a dummy hash keeps the timing of unknown users like that of known ones.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

function toView(user: UserEntity): UserView {
  return {
    username: user.username,
    role: user.role,
    branches: user.branches,
    disabled: user.disabled,
    locale: localeOf(user.locale),
    createdAt: new Date(user.createdAt).toISOString(),
    updatedAt: new Date(user.updatedAt).toISOString(),
  };
}

