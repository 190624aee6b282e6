/**
 * The ranking chart: a horizontal bar chart drawn as SVG and rendered to PNG with resvg.
 * resvg draws no text at all without a font that has the glyphs, so the chart never relies on
 * the machine's fonts: it loads the Noto Sans SC TTF shipped by the npm package
 * @expo-google-fonts/noto-sans-sc (SIL Open Font License 1.1) and nothing else.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import type { Locale } from '../domain/vocabulary.ts';
import { translate } from '../i18n/catalog.ts';

export const CHART_FONT_FAMILY = 'Noto Sans SC';
/** Bars beyond this many are left off (a phone screen holds about this many readable rows). */
export const MAX_CHART_BARS = 30;

const FONT_MODULE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

/** Absolute path of the bundled Noto Sans SC font the chart is drawn with. */
export function chartFontPath(): string {
  return createRequire(import.meta.url).resolve(FONT_MODULE);
}

/** Start-up check: throws one sentence saying how to fix it when the chart font is missing. */
export function checkChartFont(): void {
  let path: string | undefined;
  try {
    path = chartFontPath();
  } catch {
    path = undefined;
  }
  if (!path || !existsSync(path)) {
    throw new Error(
      `The chart font ${FONT_MODULE} is missing, so ranking charts would have no Chinese labels; run npm install to restore the @expo-google-fonts/noto-sans-sc package.`,
    );
  }
}

export type ChartRow = { label: string; value: number; highlight?: boolean };
export type ChartOptions = {
  title: string;
  /** What the values are (e.g. 得分), shown under the title. */
  valueLabel?: string;
  /** Image width in pixels (default 960, readable on a phone when shown full width). */
  width?: number;
  /** Language of the chart's own words (the note when bars are left off); default zh-CN. */
  locale?: Locale;
};

/** The chart as SVG, with the box the row labels are drawn in (tests look for ink there). */
export type ChartSvg = {
  svg: string;
  width: number;
  height: number;
  labelBox: { x: number; y: number; width: number; height: number };
};

const PAD = 24;
const TITLE_SIZE = 30;
const SUBTITLE_SIZE = 20;
const LABEL_SIZE = 22;
const VALUE_SIZE = 20;
const ROW_HEIGHT = 40;
const BAR_HEIGHT = 26;
const INK = '#1f2328';
const MUTED = '#57606a';
const BAR = '#4c6ef5';
const BAR_HIGHLIGHT = '#e8590c';
const AXIS = '#afb8c1';

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Rough advance width of a character in em: CJK and full-width forms are square, the rest about half. */
function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code >= 0x20000;
  return wide ? 1 : 0.6;
}

function textWidth(text: string, size: number): number {
  let em = 0;
  for (const char of text) em += charWidth(char);
  return em * size;
}

/** The text cut with an ellipsis so it fits in `max` pixels. */
function fit(text: string, size: number, max: number): string {
  if (textWidth(text, size) <= max) return text;
  let out = '';
  for (const char of text) {
    if (textWidth(`${out}${char}…`, size) > max) break;
    out += char;
  }
  return `${out}…`;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Builds the ranking chart's SVG: one horizontal bar per row, in the order given, at most 30. */
export function rankingChartSvg(rows: ChartRow[], options: ChartOptions): ChartSvg {
  const width = Math.max(320, Math.round(options.width ?? 960));
  const shown = rows.slice(0, MAX_CHART_BARS);
  const inner = width - PAD * 2;
  const subtitle = [
    options.valueLabel,
    rows.length > shown.length ? translate(options.locale ?? 'zh-CN', 'report.chart.more', { shown: shown.length, total: rows.length }) : undefined,
  ].filter((part): part is string => Boolean(part));

  let y = PAD + TITLE_SIZE;
  const parts: string[] = [];
  parts.push(`<text x="${PAD}" y="${y}" font-size="${TITLE_SIZE}" fill="${INK}">${escapeXml(fit(options.title, TITLE_SIZE, inner))}</text>`);
  if (subtitle.length) {
    y += SUBTITLE_SIZE + 12;
    parts.push(`<text x="${PAD}" y="${y}" font-size="${SUBTITLE_SIZE}" fill="${MUTED}">${escapeXml(fit(subtitle.join(' · '), SUBTITLE_SIZE, inner))}</text>`);
  }
  const top = y + 20;

  const values = shown.map((row) => (Number.isFinite(row.value) ? row.value : 0));
  const valueWidth = Math.max(...values.map((value) => textWidth(formatValue(value), VALUE_SIZE)), textWidth('0', VALUE_SIZE)) + 12;
  const longest = Math.max(0, ...shown.map((row) => textWidth(row.label, LABEL_SIZE)));
  const labelWidth = Math.min(Math.max(longest, LABEL_SIZE * 3), inner * 0.4) + 12;
  const plotX = PAD + labelWidth;
  const plotWidth = Math.max(40, inner - labelWidth - valueWidth);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const span = high - low || 1;
  const xOf = (value: number) => plotX + ((value - low) / span) * plotWidth;
  const zero = xOf(0);

  shown.forEach((row, index) => {
    const value = values[index]!;
    const rowTop = top + index * ROW_HEIGHT;
    const middle = rowTop + ROW_HEIGHT / 2;
    const baseline = middle + LABEL_SIZE * 0.35;
    const label = fit(row.label, LABEL_SIZE, labelWidth - 12);
    parts.push(`<text x="${plotX - 12}" y="${baseline}" font-size="${LABEL_SIZE}" text-anchor="end" fill="${INK}">${escapeXml(label)}</text>`);
    const from = Math.min(zero, xOf(value));
    const barWidth = Math.abs(xOf(value) - zero);
    const fill = row.highlight ? BAR_HIGHLIGHT : BAR;
    parts.push(
      `<rect x="${from}" y="${middle - BAR_HEIGHT / 2}" width="${Math.max(barWidth, value === 0 ? 0 : 1)}" height="${BAR_HEIGHT}" rx="3" fill="${fill}"/>`,
    );
    const valueX = Math.max(zero, xOf(value)) + 6;
    parts.push(`<text x="${valueX}" y="${middle + VALUE_SIZE * 0.35}" font-size="${VALUE_SIZE}" fill="${INK}">${escapeXml(formatValue(value))}</text>`);
  });
  const bottom = top + shown.length * ROW_HEIGHT;
  if (shown.length) parts.push(`<line x1="${zero}" y1="${top}" x2="${zero}" y2="${bottom}" stroke="${AXIS}" stroke-width="1"/>`);

  const height = Math.round(bottom + PAD);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${CHART_FONT_FAMILY}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    parts.join('') +
    `</svg>`;
  return { svg, width, height, labelBox: { x: PAD, y: top, width: labelWidth - 12, height: bottom - top } };
}

/** Renders SVG to PNG with only the bundled Noto Sans SC font (never the machine's fonts). */
export function renderSvgPng(svg: string): Buffer {
  // Loaded at the first chart, not at start-up (docs/running.md, "Production"); drawing stays synchronous.
  const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass };
  const resvg = new Resvg(svg, {
    font: { fontFiles: [chartFontPath()], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
  });
  return resvg.render().asPng();
}

/**
 * The ranking as a PNG horizontal bar chart with Chinese labels that render the same on any
 * machine; rows in ranking order, at most the first 30 drawn (a note says how many were left off).
 */
export function rankingChartPng(rows: ChartRow[], options: ChartOptions): Buffer {
  return renderSvgPng(rankingChartSvg(rows, options).svg);
}
