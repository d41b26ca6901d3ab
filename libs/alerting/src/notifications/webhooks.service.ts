import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { localeOf, type Locale, type Role, type Severity } from '@lobby/contracts';
import { Clock, invalid, notFound } from '@lobby/platform';
import { atLeast } from '../alerting.types';
import { WebhookEntity, WebhookFormat } from '../entities/webhook.entity';
import { WebhookTargetPolicy } from './webhook-target';

export interface WebhookView {
  id: string;
  url: string;
  format: WebhookFormat;
  hasSecret: boolean;
  branches: string[] | null;
  roles: Role[] | null;
  minSeverity: Severity | null;
  /** The language of its messages (zh-CN unless set to en). */
  locale: Locale;
  createdBy: string;
  createdAt: string;
}

export interface CreateWebhookInput {
  url: string;
  format: WebhookFormat;
  secret?: string;
  branches?: string[];
  roles?: Role[];
  minSeverity?: Severity;
  locale?: Locale;
}

/** Notification receivers (admin). The secret is never shown again. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly targets: WebhookTargetPolicy,
  ) {}

  private get repo() {
    return this.db.getRepository(WebhookEntity);
  }

  /** 400 for a target the server must not call (loopback, private, link-local…, see webhook-target.ts). */
  async create(input: CreateWebhookInput, by: string): Promise<WebhookView> {
    const refusal = await this.targets.refuseUrl(input.url);
    if (refusal) throw invalid(`url refused: ${refusal}`, [`url: ${refusal}; an admin may allow the host in WEBHOOK_ALLOW_HOSTS`]);
    const row = Object.assign(new WebhookEntity(), {
      id: randomUUID(),
      url: input.url,
      format: input.format,
      locale: input.locale ?? 'zh-CN',
      secret: input.secret ?? null,
      branches: input.branches?.length ? [...new Set(input.branches)] : null,
      roles: input.roles?.length ? [...new Set(input.roles)] : null,
      minSeverity: input.minSeverity ?? null,
      createdBy: by,
      createdAt: this.clock.now(),
    });
    await this.repo.insert(row);
    return toView(row);
  }

  async list(limit: number, offset: number): Promise<{ items: WebhookView[]; total: number }> {
    const [rows, total] = await this.repo.findAndCount({ order: { createdAt: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { items: rows.map(toView), total };
  }

  async remove(id: string): Promise<void> {
    const result = await this.repo.delete({ id });
    if (!result.affected) throw notFound(`webhook ${id}`);
  }

  get(id: string): Promise<WebhookEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Receivers whose filters let this notification through. */
  async matching(n: { branchId: string; roles: Role[]; severity: Severity }): Promise<WebhookEntity[]> {
    const all = await this.repo.find();
    return all.filter((w) => webhookMatches(w, n));
  }
}

/** Empty filters match everything; `roles` needs one role in common; `minSeverity` a severity at least that urgent. */
export function webhookMatches(w: Pick<WebhookEntity, 'branches' | 'roles' | 'minSeverity'>, n: { branchId: string; roles: Role[]; severity: Severity }): boolean {
  if (w.branches?.length && !w.branches.includes(n.branchId)) return false;
  if (w.roles?.length && !w.roles.some((r) => n.roles.includes(r))) return false;
  if (w.minSeverity && !atLeast(n.severity, w.minSeverity)) return false;
  return true;
}

function toView(row: WebhookEntity): WebhookView {
  return {
    id: row.id,
    url: redactUrl(row.url),
    format: row.format,
    hasSecret: !!row.secret,
    branches: row.branches,
    roles: row.roles,
    minSeverity: row.minSeverity,
    locale: localeOf(row.locale),
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** Robot URLs carry their access token in the query: show only that there is one. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) if (/token|key|secret/i.test(key)) parsed.searchParams.set(key, '***');
    return parsed.toString();
  } catch {
    return url;
  }
}
