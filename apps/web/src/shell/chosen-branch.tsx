import type { ReactNode } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useBranches } from '../api/queries';
import type { Branch } from '../api/types';
import type { Session } from '../auth/session';
import { Failed, Loading, Nothing } from './states';

/**
 * The branch a one-branch page is about: `?branch=`, else one of the user's own, else the first
 * visible one; while the branch list loads, fails or is empty, the matching state instead.
 */
export function WithChosenBranch({ session, children }: { session: Session; children: (branch: Branch, branches: Branch[]) => ReactNode }) {
  const { t } = useTranslation();
  const branches = useBranches();
  const [params] = useSearchParams();
  if (branches.isPending) return <Loading />;
  if (branches.isError) return <Failed error={branches.error} retry={() => void branches.refetch()} />;
  if (!branches.data.length) return <Nothing text={t('common.empty')} />;
  const branch = branches.data.find((b) => b.id === params.get('branch')) ?? branches.data.find((b) => session.user.branches.includes(b.id)) ?? branches.data[0];
  return <>{children(branch, branches.data)}</>;
}

/** The branch picker of a one-branch page, shown only when the user sees more than one. */
export function BranchPicker({ branch, branches, onChange }: { branch: Branch; branches: Branch[]; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  if (branches.length <= 1) return null;
  return <Select aria-label={t('lobby.pickBranch')} value={branch.id} options={branches.map((b) => ({ value: b.id, label: b.name }))} onChange={onChange} className="branch-select" />;
}
