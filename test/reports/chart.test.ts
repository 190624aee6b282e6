import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { Resvg, type RenderedImage } from '@resvg/resvg-js';
import { chartFontPath, checkChartFont, rankingChartPng, rankingChartSvg, type ChartSvg } from '../../src/reports/chart.ts';

const ROWS = [
  { label: '1 孝义市政府办', value: 80 },
  { label: '2 交城县政府办', value: 76 },
  { label: '3 汾阳市政府办', value: 75, highlight: true },
  { label: '4 离石区 <&> "局"', value: 30 },
  { label: '5 方山县政府办', value: -5 },
];
const OPTIONS = { title: '2014年前三季度 政务信息积分排名', valueLabel: '得分' };

type Pixels = { pixels: Buffer; width: number; height: number };

/** Opaque, dark pixels (text is near-black; bars and the background are not) inside a box. */
function darkPixels(image: Pixels, box: ChartSvg['labelBox']): number {
  let count = 0;
  for (let y = Math.floor(box.y); y < Math.min(image.height, box.y + box.height); y++) {
    for (let x = Math.floor(box.x); x < Math.min(image.width, box.x + box.width); x++) {
      const i = (y * image.width + x) * 4;
      const [r, g, b, a] = [image.pixels[i]!, image.pixels[i + 1]!, image.pixels[i + 2]!, image.pixels[i + 3]!];
      if (a > 200 && 0.299 * r + 0.587 * g + 0.114 * b < 100) count++;
    }
  }
  return count;
}

/** A rendered image's RGBA pixels, read once (resvg's `pixels` getter copies the whole image on every read). */
function pixelsOf(image: RenderedImage): Pixels {
  return { pixels: image.pixels, width: image.width, height: image.height };
}

/** Decodes a PNG into RGBA pixels with resvg itself: an SVG holding only that image. */
function decodePng(png: Buffer, width: number, height: number): Pixels {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return pixelsOf(new Resvg(svg, { font: { loadSystemFonts: false } }).render());
}

describe('the ranking chart', () => {
  it('finds the bundled Noto Sans SC font', () => {
    expect(chartFontPath()).toMatch(/NotoSansSC_400Regular\.ttf$/);
    expect(existsSync(chartFontPath())).toBe(true);
    expect(() => checkChartFont()).not.toThrow();
  });

  it('draws a PNG whose Chinese labels are really drawn, from the bundled font', () => {
    const chart = rankingChartSvg(ROWS, OPTIONS);
    const png = rankingChartPng(ROWS, OPTIONS);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const decoded = decodePng(png, chart.width, chart.height);
    expect(decoded.width).toBe(chart.width);
    const inked = darkPixels(decoded, chart.labelBox);
    expect(inked).toBeGreaterThan(500);

    // The same SVG with no font at all (and no system fonts) draws no labels: the ink comes from the bundled font.
    const bare = new Resvg(chart.svg, { font: { loadSystemFonts: false } }).render();
    expect(darkPixels(pixelsOf(bare), chart.labelBox)).toBeLessThan(inked / 50);
  });

  it('escapes the text it is given', () => {
    const { svg } = rankingChartSvg(ROWS, OPTIONS);
    expect(svg).toContain('4 离石区 &lt;&amp;&gt; &quot;局&quot;');
    expect(svg).not.toContain('<&>');
  });

  it('draws at most 30 bars and says how many were left off', () => {
    const rows = Array.from({ length: 45 }, (_, i) => ({ label: `${i + 1} 单位${i + 1}`, value: 100 - i }));
    const { svg } = rankingChartSvg(rows, OPTIONS);
    expect(svg).toContain('仅显示前 30 名（共 45 名）');
    expect(svg).toContain('>30 单位30<');
    expect(svg).not.toContain('31 单位31');
    expect(rankingChartSvg(rows, { ...OPTIONS, locale: 'en' }).svg).toContain('Top 30 of 45 shown');
  });

  it('draws an empty ranking without failing', () => {
    expect(rankingChartPng([], { title: '暂无数据' }).length).toBeGreaterThan(100);
  });
});
