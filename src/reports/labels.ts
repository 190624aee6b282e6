import type { Movement } from '../domain/ranking/rankUnits.ts';
import type { Translate } from '../i18n/catalog.ts';
import { periodParams } from '../domain/circulars/content.ts';
import type { Period } from '../domain/time/index.ts';

/** A movement as a circular shows it: '↑2', '↓1', '—' (unchanged) or '新' (not in the previous circular). */
export function movementLabel(t: Translate, movement: Movement): string {
  switch (movement.kind) {
    case 'new':
      return t('report.movement.new');
    case 'same':
      return t('report.movement.same');
    case 'up':
      return t('report.movement.up', { by: movement.by });
    case 'down':
      return t('report.movement.down', { by: movement.by });
  }
}

/** A period as people say it: 2026年11月, 2026年第47周, 2026年第4季度, 2026年, or a range's own key. */
export function periodLabel(t: Translate, period: Period, tz: string): string {
  const params = periodParams(period, tz);
  return t(`period.${period.kind}`, { year: params.year, n: params.n, key: period.key });
}
