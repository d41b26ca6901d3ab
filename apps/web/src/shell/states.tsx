import { Alert, Button, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="state-loading" role="status">
      <Spin /> <span>{t('common.loading')}</span>
    </div>
  );
}

export function Failed({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.error', { message: error instanceof Error ? error.message : String(error) })}
      action={retry ? <Button size="small" onClick={retry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

export function Nothing({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;
}
