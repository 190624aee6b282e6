import type { Movement } from '../domain/ranking/rankUnits.ts';
import type { Translate } from '../i18n/catalog.ts';

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
