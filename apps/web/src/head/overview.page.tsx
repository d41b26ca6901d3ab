import { Alert, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useBranches } from '../api/queries';
import { daysBefore, useSummary, type BranchFigures } from '../api/reports';
import type { Branch } from '../api/types';
import { localDate, percent } from '../format/time';
import { Failed, Loading, Nothing } from '../shell/states';
import { branchLight, TrafficLight, type Light } from './traffic-light';

const LIGHT_RANK: Record<Light, number> = { red: 0, amber: 1, grey: 2, green: 3 };

/** Across my branches, worst first: live health now, then availability over the last 7 and 30 days. */
export default function OverviewPage() {
  const { t } = useTranslation();
  const branches = useBranches();
  const zone = branches.data?.[0]?.timezone ?? 'Asia/Shanghai';
  const today = localDate(Date.now(), zone);
  const week = useSummary(null, daysBefore(today, 6), today);
  const month = useSummary(null, daysBefore(today, 29), today);
  if (branches.isPending) return <Loading />;
  if (branches.isError) return <Failed error={branches.error} retry={() => void branches.refetch()} />;
  const figures = (summary: typeof week, id: string): BranchFigures | undefined => summary.data?.branches.find((b) => b.branchId === id);
  const worstFirst = [...branches.data].sort(
    (a, b) =>
      LIGHT_RANK[branchLight(a)] - LIGHT_RANK[branchLight(b)] ||
      (figures(week, a.id)?.availability.ratio ?? 1) - (figures(week, b.id)?.availability.ratio ?? 1) ||
      a.name.localeCompare(b.name),
  );
  const lightLabel = (branch: Branch) => t(`state.${{ red: 'fault', amber: 'warning', green: 'ok', grey: 'unknown' }[branchLight(branch)]}`);
  return (
    <div className="overview">
      <div className="page-heading">
        <Typography.Title level={2}>{t('head.overview')}</Typography.Title>
        <Typography.Text type="secondary">{t('head.overviewHint')}</Typography.Text>
      </div>
      {week.isError && <Alert type="warning" showIcon title={t('head.reportMissing')} className="no-print" />}
      {!worstFirst.length ? (
        <Nothing text={t('common.empty')} />
      ) : (
        <Card className="panel" data-testid="branches">
          <List
            dataSource={worstFirst}
            renderItem={(branch) => {
              const w = figures(week, branch.id);
              const m = figures(month, branch.id);
              const h = branch.health;
              return (
                <List.Item data-branch={branch.id}>
                  <List.Item.Meta
                    title={
                      <span>
                        <TrafficLight light={branchLight(branch)} label={lightLabel(branch)} />
                        <Link to={`/branches/${encodeURIComponent(branch.id)}`}>{branch.name}</Link>
                      </span>
                    }
                    description={
                      <span>
                        {t('head.devices')} {h?.devices ?? 0} · {t('state.ok')} {h?.ok ?? 0} · {t('state.warning')} {h?.warning ?? 0} · {t('state.fault')} {(h?.fault ?? 0) + (h?.offline ?? 0) + (h?.linkDown ?? 0)}
                      </span>
                    }
                  />
                  <div className="figures-inline">
                    <span>
                      {t('head.availability7')} <strong>{percent(w?.availability.ratio)}</strong>
                    </span>
                    <span>
                      {t('head.availability30')} <strong>{percent(m?.availability.ratio)}</strong>
                    </span>
                    <span>
                      {t('head.overdueTasks')} <strong>{w ? w.overdueTasks : '—'}</strong>
                    </span>
                    <span>
                      {t('head.punctuality')} <strong>{percent(w?.checklists.punctuality)}</strong>
                    </span>
                  </div>
                </List.Item>
              );
            }}
          />
        </Card>
      )}
    </div>
  );
}
