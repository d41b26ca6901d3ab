import { useState } from 'react';
import { Button, Form, Input, InputNumber, Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useBranches, useDevices } from '../api/queries';
import type { Device } from '../api/types';
import { kindWord, stateWord } from '../format/words';
import { useAdminChange } from './use-admin';

interface DeviceValues {
  name: string;
  location: string;
  paperRollCapacity?: number;
  ribbonLifeLines?: number;
  lampCurrentThresholdMa?: number;
}

/** Devices: name, location and the settings an admin tunes. */
export function DevicesTab() {
  const { t } = useTranslation();
  const devices = useDevices();
  const branches = useBranches();
  const [editing, setEditing] = useState<Device | null>(null);
  return (
    <>
      <Table<Device>
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={devices.isPending}
        dataSource={devices.data ?? []}
        columns={[
          { title: t('admin.name'), key: 'name', render: (_, d) => d.name ?? '—' },
          { title: t('admin.id'), dataIndex: 'id' },
          { title: t('admin.kind'), key: 'kind', render: (_, d) => kindWord(t, d.kind) },
          { title: t('common.branch'), key: 'branch', render: (_, d) => branches.data?.find((b) => b.id === d.branchId)?.name },
          { title: t('admin.location'), key: 'location', render: (_, d) => d.location ?? '' },
          { title: t('device.state'), key: 'state', render: (_, d) => stateWord(t, d) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, d) => (
              <Button size="small" onClick={() => setEditing(d)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && <DeviceForm device={editing} onDone={() => setEditing(null)} />}
    </>
  );
}

function DeviceForm({ device, onDone }: { device: Device; onDone: () => void }) {
  const { t } = useTranslation();
  const settings = (device.settings ?? {}) as Record<string, number | undefined>;
  const save = useAdminChange<DeviceValues>(
    ['devices', 'device'],
    (v) => {
      const changed = Object.fromEntries(Object.entries({ paperRollCapacity: v.paperRollCapacity, ribbonLifeLines: v.ribbonLifeLines, lampCurrentThresholdMa: v.lampCurrentThresholdMa }).filter(([, value]) => value !== undefined && value !== null));
      return api(`/api/devices/${encodeURIComponent(device.id)}`, { method: 'PATCH', body: { name: v.name || undefined, location: v.location || null, settings: { ...device.settings, ...changed } } });
    },
    onDone,
  );
  return (
    <Modal open title={device.name ?? device.id} footer={null} onCancel={onDone}>
      <Form
        layout="vertical"
        initialValues={{ name: device.name ?? '', location: device.location ?? '', paperRollCapacity: settings.paperRollCapacity, ribbonLifeLines: settings.ribbonLifeLines, lampCurrentThresholdMa: settings.lampCurrentThresholdMa }}
        onFinish={(v: DeviceValues) => save.mutate(v)}
      >
        <Form.Item label={t('admin.name')} name="name">
          <Input />
        </Form.Item>
        <Form.Item label={t('admin.location')} name="location">
          <Input />
        </Form.Item>
        {device.kind === 'ticket-printer' && (
          <Form.Item label={t('admin.paperRollCapacity')} name="paperRollCapacity">
            <InputNumber min={1} />
          </Form.Item>
        )}
        {device.kind === 'receipt-box' && (
          <Form.Item label={t('admin.ribbonLifeLines')} name="ribbonLifeLines">
            <InputNumber min={1} />
          </Form.Item>
        )}
        {device.kind === 'light-box' && (
          <Form.Item label={t('admin.lampCurrentThresholdMa')} name="lampCurrentThresholdMa">
            <InputNumber min={0} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Modal>
  );
}
