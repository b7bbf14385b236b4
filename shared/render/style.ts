/** Fonts and sizes shared by the renderers. */
import type { TableId } from '../domain/formats/index.ts';

/**
 * The font named in xlsx and docx files. 宋体 (SimSun) is on every Chinese Windows/WPS desktop where the
 * reports are opened and edited; elsewhere the application substitutes a CJK font (LibreOffice on Linux
 * picks Noto CJK through fontconfig).
 */
export const CJK_SERIF = 'SimSun';
/** Headings (黑体). */
export const CJK_SANS = 'SimHei';
/** Latin text and digits. */
export const LATIN_FONT = 'Times New Roman';

/** For HTML and SVG: the fonts of Windows, macOS and Linux in turn, then the generic family. */
export const CSS_SERIF_STACK =
  "'Times New Roman', SimSun, 'Songti SC', 'Noto Serif CJK SC', 'Source Han Serif SC', 'Noto Sans CJK SC', serif";
export const CSS_SANS_STACK =
  "'Microsoft YaHei', SimHei, 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/** Display width of a text in "Excel characters": a CJK character counts about two. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2.1 : 1.05;
  return width;
}

/** Column widths of each national grid in a workbook, in Excel characters. */
export const XLSX_COLUMN_WIDTHS: Readonly<Record<TableId, readonly number[]>> = {
  proactive: [24, 17, 17, 17],
  // 6.5: 三、本年度办理结果 wraps two characters a line; 16: （三）不予公开 on one line.
  requests: [6.5, 16, 32, 9, 9, 9, 9, 9, 9, 9],
  reviews: Array.from({ length: 15 }, () => 8.2),
};

/** Relative column widths of each national grid on a page (HTML, DOCX), where text is smaller. */
export const PAGE_COLUMN_WEIGHTS: Readonly<Record<TableId, readonly number[]>> = {
  proactive: [24, 17, 17, 17],
  requests: [6.5, 18, 33, 8, 8, 8, 8, 8, 8, 8],
  reviews: Array.from({ length: 15 }, () => 1),
};
