import { useState } from 'react';
import { App, Button, Card, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';

/** The monthly equipment report: printed from this page (print stylesheet) or downloaded as CSV. */
export function MonthlyReport({ branchId, defaultMonth }: { branchId: string; defaultMonth: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [month, setMonth] = useState(defaultMonth);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const csv = await api<string>(`/api/reports/monthly?branch=${encodeURIComponent(branchId)}&month=${month}`, { accept: 'text/csv' });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${branchId}-${month}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      void message.error(t('common.error', { message: (error as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h3 className="card-title">{t('head.monthly')}</h3>} className="panel no-print">
      <div className="report-actions">
        <label htmlFor="report-month">{t('head.month')}</label>
        <Input id="report-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} style={{ width: 170 }} />
        <Button onClick={() => window.print()}>{t('head.print')}</Button>
        <Button type="primary" onClick={() => void download()} loading={busy} disabled={!/^\d{4}-\d{2}$/.test(month)}>
          {t('head.csv')}
        </Button>
      </div>
    </Card>
  );
}
