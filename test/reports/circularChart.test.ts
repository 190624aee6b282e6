import { describe, it, expect } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { drawCircularChart } from '../../src/reports/circularChart.ts';
import { rankingChartSvg } from '../../src/reports/chart.ts';
import { rankingChart, titleOf } from '../../src/domain/circulars/content.ts';
import { rankUnits } from '../../src/domain/ranking/rankUnits.ts';
import { parsePeriod } from '../../src/domain/time/index.ts';

const SH = 'Asia/Shanghai';

/** Near-black opaque pixels of an RGBA image inside a box (the labels are drawn near-black). */
function ink(pixels: Buffer, width: number, box: { x: number; y: number; width: number; height: number }): number {
  let count = 0;
  for (let y = Math.floor(box.y); y < box.y + box.height; y++) {
    for (let x = Math.floor(box.x); x < box.x + box.width; x++) {
      const i = (y * width + x) * 4;
      if (pixels[i + 3]! > 200 && 0.299 * pixels[i]! + 0.587 * pixels[i + 1]! + 0.114 * pixels[i + 2]! < 100) count++;
    }
  }
  return count;
}

describe('a circular’s chart', () => {
  it('is a PNG with the circular’s Chinese title and the units’ names drawn', () => {
    const november = parsePeriod('2026-11', SH);
    if (!november.ok) throw new Error('period');
    const ranking = rankUnits([
      { unitId: 1, code: 'xiaoyi', name: '孝义市政府办', submitted: 30, adopted: 20, points: 80, target: { submitted: null, adopted: null } },
      { unitId: 2, code: 'jiaocheng', name: '交城县政府办', submitted: 25, adopted: 19, points: 76, target: { submitted: null, adopted: null } },
      { unitId: 3, code: 'fenyang', name: '汾阳市政府办', submitted: 40, adopted: 40, points: 75, target: { submitted: null, adopted: null } },
    ]);
    const spec = rankingChart(titleOf('monthly', november.value, SH), ranking);
    const png = Buffer.from(drawCircularChart(spec));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

    // The same chart as SVG: its title and labels in Chinese, and the box the labels are drawn in.
    const chart = rankingChartSvg(spec.rows, { title: '2026年11月 政务信息采用情况通报', valueLabel: '得分（橙色：采用空白或未完成目标）' });
    expect(chart.svg).toContain('>1 孝义市政府办<');
    const image = new Resvg(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${chart.width}" height="${chart.height}"><image width="${chart.width}" height="${chart.height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`,
      { font: { loadSystemFonts: false } },
    ).render();
    expect(image.width).toBe(chart.width);
    const drawn = ink(image.pixels, image.width, chart.labelBox);
    expect(drawn).toBeGreaterThan(300);
    const titleBox = { x: 24, y: 24, width: 400, height: 34 };
    expect(ink(image.pixels, image.width, titleBox)).toBeGreaterThan(300);
  });
});
