/**
 * An issue of the office's bulletin as a .docx, laid out as Chinese offices print their 信息
 * bulletins (docs/bulletins.md#the-layout): A4; the masthead large and red, centred; 第N期
 * (总第M期); the issuing office on the left and the date on the right above a red rule; the
 * editor's note (按语); then each item, its title in 方正小标宋简体, its unit in brackets, its body
 * in 仿宋_GB2312 at 16pt (三号) with a two-character first-line indent; at the foot 报送/分送.
 * Fonts are named (with their East Asian attribute), not embedded: Word falls back to 宋体 where
 * one is missing.
 */
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, TabStopType, TextRun } from 'docx';
import type { BulletinDocument } from '../domain/bulletins/bulletinDocument.ts';

const RED = 'FF0000';
const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const HEAD_FONT = '黑体';
const KAI_FONT = '楷体_GB2312';
/** Sizes in half-points: 二号 22pt, 三号 16pt, 四号 14pt; the masthead at 48pt. */
const MASTHEAD = 96;
const TITLE = 44;
const BODY = 32;
const SMALL = 28;
/** A4 in twentieths of a point, with the margins of GB/T 9704 (top 37mm, left 28mm). */
const PAGE = { width: 11906, height: 16838, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } };
/** Two characters of 三号 (16pt each), in twentieths of a point. */
const INDENT = 640;
const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

const run = (text: string, font: string, size: number, extra: { bold?: boolean; color?: string } = {}) =>
  new TextRun({ text, size, font: { ascii: font, eastAsia: font, hAnsi: font }, ...extra });

/** The rule under the head (red) or above the foot (black), as a paragraph border. */
const rule = (color: string, size: number) => ({ bottom: { style: BorderStyle.SINGLE, size, color, space: 1 } });

function head(doc: BulletinDocument): Paragraph[] {
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(doc.masthead, TITLE_FONT, MASTHEAD, { color: RED })] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [run(`第${doc.number}期（总第${doc.totalNumber}期）`, BODY_FONT, BODY)],
    }),
    new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      border: rule(RED, 24),
      spacing: { after: 360 },
      children: [run(doc.issuer, BODY_FONT, BODY), run(`\t${doc.date}`, BODY_FONT, BODY)],
    }),
  ];
}

/** Body text: one paragraph per line of the item, indented two characters. */
const body = (text: string, font = BODY_FONT) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => new Paragraph({ indent: { firstLine: INDENT }, spacing: { line: 560 }, children: [run(line, font, BODY)] }));

function item(entry: BulletinDocument['items'][number], lead: boolean): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: lead ? 240 : 480, after: 120 },
      children: [run(entry.title, lead ? TITLE_FONT : HEAD_FONT, lead ? TITLE : BODY + 4)],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(`（${entry.unit}）`, KAI_FONT, BODY)] }),
    ...body(entry.body),
  ];
}

function foot(doc: BulletinDocument): Paragraph[] {
  const lines = [
    ...(doc.sendTo.length > 0 ? [`报送：${doc.sendTo.join('，')}。`] : []),
    ...(doc.copyTo.length > 0 ? [`分送：${doc.copyTo.join('，')}。`] : []),
  ];
  if (lines.length === 0) return [];
  return [
    new Paragraph({ border: rule('000000', 6), spacing: { before: 480 }, children: [] }),
    ...lines.map((line) => new Paragraph({ spacing: { before: 60 }, children: [run(line, BODY_FONT, SMALL)] })),
    new Paragraph({ border: rule('000000', 6), children: [] }),
  ];
}

/** The issue as .docx bytes. */
export async function bulletinDocx(doc: BulletinDocument): Promise<Uint8Array> {
  const note = doc.editorNote
    ? [
        new Paragraph({
          indent: { firstLine: INDENT },
          spacing: { line: 560 },
          children: [run('按语：', HEAD_FONT, BODY), run(doc.editorNote, KAI_FONT, BODY)],
        }),
      ]
    : [];
  const document = new Document({
    creator: doc.issuer || 'Xinbao',
    title: `${doc.masthead} ${doc.year}年第${doc.number}期`,
    styles: { default: { document: { run: { font: { ascii: BODY_FONT, eastAsia: BODY_FONT, hAnsi: BODY_FONT }, size: BODY } } } },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin } },
        children: [...head(doc), ...note, ...doc.items.flatMap((entry, i) => item(entry, i === 0)), ...foot(doc)],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
