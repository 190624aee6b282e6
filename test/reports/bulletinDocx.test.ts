/** The .docx of a bulletin issue (docs/bulletins.md#the-layout), read back from its word/document.xml. */
import { describe, expect, it } from 'vitest';
import { bulletinDocx } from '../../src/reports/bulletinDocx.ts';
import { documentXml } from '../support/bulletinsFixture.ts';

const issue = {
  masthead: '信阳政务信息',
  year: 2026,
  number: 12,
  totalNumber: 345,
  issuer: '信阳市人民政府办公室',
  date: '2026年12月1日',
  editorNote: '罗山县的做法值得借鉴。',
  items: [
    { id: 9, title: '罗山县推进秋冬种工作', unit: '罗山县政府办', body: '第一段。\n\n第二段。' },
    { id: 3, title: '固始县优化营商环境', unit: '固始县政府办', body: '正文。' },
  ],
  sendTo: ['黄敏'],
  copyTo: ['罗山县政府办', '固始县政府办'],
};

describe('bulletinDocx', () => {
  it('prints the red masthead, the number, the office and date, the note, and each item in order with its unit', async () => {
    const xml = await documentXml(await bulletinDocx(issue));
    const masthead = xml.indexOf('信阳政务信息');
    // The masthead's run is red and in the title font, by name, East Asian included.
    const run = xml.slice(xml.lastIndexOf('<w:r>', masthead), masthead);
    expect(run).toContain('<w:color w:val="FF0000"/>');
    expect(run).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain('第12期（总第345期）');
    expect(xml).toContain('信阳市人民政府办公室');
    expect(xml).toContain('2026年12月1日');
    expect(xml).toContain('罗山县的做法值得借鉴。');
    const first = xml.indexOf('罗山县推进秋冬种工作');
    const second = xml.indexOf('固始县优化营商环境');
    expect(first).toBeGreaterThan(masthead);
    expect(second).toBeGreaterThan(first);
    expect(xml).toContain('（罗山县政府办）');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:eastAsia="黑体"');
    // Body paragraphs: one per line, blank lines dropped, indented two characters, 三号 (16pt = 32 half-points).
    expect(xml.match(/<w:ind w:firstLine="640"\/>/g)?.length).toBe(4);
    expect(xml).toContain('<w:sz w:val="32"/>');
    expect(xml).toContain('报送：黄敏。');
    expect(xml).toContain('分送：罗山县政府办，固始县政府办。');
    // A4, with a red rule under the head.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:bottom w:val="single" w:color="FF0000"/);
  });

  it('leaves out the note and the foot when there are none', async () => {
    const xml = await documentXml(await bulletinDocx({ ...issue, editorNote: undefined, sendTo: [], copyTo: [] }));
    expect(xml).not.toContain('按语');
    expect(xml).not.toContain('报送');
  });
});
