/**
 * What an issue prints, in order (docs/bulletins.md#the-layout): the domain says what, a writer
 * (src/reports/bulletinDocx.ts) lays it out as a .docx.
 */
export type BulletinDocument = {
  /** The red masthead, e.g. 信阳政务信息. */
  masthead: string;
  year: number;
  number: number;
  totalNumber: number;
  issuer: string;
  /** The issue date as printed: 2026年12月1日. */
  date: string;
  /** 按语, when the editor wrote one. */
  editorNote?: string;
  /** The items in their order; the first is the lead story (头条). */
  items: { id: number; title: string; unit: string; body: string }[];
  /** 报送: the leaders it goes to. */
  sendTo: string[];
  /** 分送: the units whose items are in it. */
  copyTo: string[];
};

/** Writes an issue as a file (the .docx bytes). */
export type WriteBulletin = (document: BulletinDocument) => Promise<Uint8Array>;

/** A local date key 2026-12-01 as printed on an issue: 2026年12月1日. */
export function printedDate(dateKey: string): string {
  const [year, month, day] = dateKey.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** The file name an issue is sent under: 信阳政务信息-2026-第12期.docx. */
export const issueFileName = (masthead: string, year: number, number: number) => `${masthead}-${year}-第${number}期.docx`;

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
