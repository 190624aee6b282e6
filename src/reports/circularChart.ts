/**
 * Draws a circular's chart (src/domain/circulars/content.ts says what) as PNG with the bundled
 * Chinese font. A circular's chart is drawn once for all its recipients, in the office's
 * language (zh-CN unless told otherwise); unit names are drawn as they are.
 */
import type { Locale } from '../domain/vocabulary.ts';
import type { ChartSpec } from '../domain/circulars/content.ts';
import { renderText } from '../i18n/renderOut.ts';
import { rankingChartPng } from './chart.ts';

export function drawCircularChart(spec: ChartSpec, locale: Locale = 'zh-CN'): Uint8Array {
  return rankingChartPng(spec.rows, { title: renderText(spec.title, locale), valueLabel: renderText(spec.valueLabel, locale), locale });
}
