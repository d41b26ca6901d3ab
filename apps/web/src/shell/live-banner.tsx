import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StreamState } from '../live/live-stream';

/** Says when the live stream is down or back; quiet while it simply works. */
export function LiveBanner({ state }: { state: StreamState }) {
  const { t } = useTranslation();
  const [showBack, setShowBack] = useState(false);
  useEffect(() => {
    if (state !== 'back') return undefined;
    setShowBack(true);
    const timer = window.setTimeout(() => setShowBack(false), 5000);
    return () => window.clearTimeout(timer);
  }, [state]);
  const text = state === 'lost' ? t('live.lost') : state === 'connecting' ? t('live.connecting') : showBack ? t('live.back') : '';
  return (
    <div className={`live-banner live-${state}`} role="status" aria-live="polite" data-stream={state}>
      {text}
    </div>
  );
}
