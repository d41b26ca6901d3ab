import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Command } from '../api/types';

const COLORS: Record<Command['status'], string> = { succeeded: '#237804', pending: '#0958d9', failed: '#a8071a', expired: '#a8071a' };

export function CommandResult({ status }: { status: Command['status'] | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return (
    <Tag color={COLORS[status]} role="status">
      {t(`command.${status}`)}
    </Tag>
  );
}
