import { useTranslation } from 'react-i18next';
import type { Branch, Device } from '../api/types';
import { stateWord } from '../format/words';

export type Light = 'green' | 'amber' | 'red' | 'grey';

export function deviceLight(device: Pick<Device, 'state' | 'link'>): Light {
  if (device.state === 'power-off') return 'grey';
  if (device.link === 'down' || device.state === 'fault' || device.state === 'offline') return 'red';
  if (device.state === 'warning') return 'amber';
  return device.state === 'ok' ? 'green' : 'grey';
}

export function branchLight(branch: Branch): Light {
  const h = branch.health;
  if (!h) return 'grey';
  if (h.fault + h.offline + h.linkDown > 0) return 'red';
  if (h.warning > 0) return 'amber';
  return h.devices ? 'green' : 'grey';
}

/** A coloured dot with its meaning in words (colour alone says nothing to a screen reader). */
export function TrafficLight({ light, label }: { light: Light; label: string }) {
  return <span className={`traffic traffic-${light}`} role="img" aria-label={label} />;
}

export function DeviceLight({ device }: { device: Pick<Device, 'state' | 'link'> }) {
  const { t } = useTranslation();
  return <TrafficLight light={deviceLight(device)} label={stateWord(t, device)} />;
}
