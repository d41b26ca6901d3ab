import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Severity } from '../api/types';

// Solid colours with white text: the light preset tags fail WCAG contrast on small text.
const COLORS: Record<Severity, string> = { critical: '#a8071a', major: '#ad2102', minor: '#874d00', warning: '#0958d9' };

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[severity] ?? 'default'}>{t(`severity.${severity}`)}</Tag>;
}
