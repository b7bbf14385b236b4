/** Fonts, sizes and fixed words shared by the renderers: the official document form (GB/T 9704-2012) in one place. */
import type { TableId } from '../domain/formats/index.ts';
import { DRAFT_MARK, type ReportModel } from '../domain/report/index.ts';

/** The one line a draft carries at the top of its first page, saying why it must not be published. */
export function draftNotice(model: Pick<ReportModel, 'draftReason'>): string {
  return model.draftReason === 'errors'
    ? `${DRAFT_MARK}：数据存在校验错误，不得发布`
    : `${DRAFT_MARK}：未经审核，不得发布`;
}

/**
 * The font named in xlsx files. 宋体 (SimSun) is on every Chinese Windows/WPS desktop where the
 * workbooks are opened and edited; elsewhere the application substitutes a CJK font (LibreOffice on Linux
 * picks Noto CJK through fontconfig).
 */
export const CJK_SERIF = 'SimSun';
/** Headings of the workbook (黑体). */
export const CJK_SANS = 'SimHei';
/** Latin text and digits. */
export const LATIN_FONT = 'Times New Roman';

/**
 * The charts' colours, one palette for the SVG in the HTML (charts.ts) and the native Word charts
 * (docx-charts.ts): hex without `#`. A single series is drawn in the first colour.
 */
export const CHART_COLORS = {
  series: ['2F5597', 'C55A11', '548235', 'BF9000', '7030A0', '2E75B6', 'A5A5A5', '843C0C'],
  text: '222222',
  /** The SVG's axis line, beside the category labels. */
  svgAxis: '333333',
  /** The axis lines of the Word charts. */
  wordAxis: '888888',
} as const;

/**
 * The fonts of the official document form, named as Chinese offices have them installed (the names Word and
 * WPS write). A reader without them gets its usual substitute (LibreOffice with fonts-noto-cjk: Noto CJK).
 */
export const GOV_FONTS = {
  /** The title: 方正小标宋简体. */
  title: '方正小标宋简体',
  /** First-level headings (一、), the 附件 mark. */
  heading: '黑体',
  /** Body text. */
  body: '仿宋_GB2312',
  /** Second-level headings (（一）). */
  subheading: '楷体_GB2312',
  /** Tables and the page number. */
  table: '宋体',
} as const;

/** Sizes in points: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5, 小五 9. */
export const GOV_SIZES = {
  title: 22,
  heading: 16,
  body: 16,
  subheading: 16,
  /** The 发布机构 / 成文日期 lines above the title. */
  header: 12,
  /** The page number (— 1 —). */
  pageNumber: 14,
  /** The captions of the annex's tables (表一：…). */
  caption: 14,
  table: 10.5,
  /** The 15-column 复议诉讼 table. */
  wideTable: 9,
} as const;

/** Body line spacing, exactly 28.95 pt (GB/T 9704: 22 lines on a 225 mm type area). In twips. */
export const GOV_LINE_TWIPS = 579;

/** A4 and the GB/T 9704 margins, in millimetres. */
export const GOV_PAGE_MM = { width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26 } as const;

/** For HTML and SVG: the fonts of Windows, macOS and Linux in turn, then the generic family. */
export const CSS_TITLE_STACK =
  "'FZXiaoBiaoSong-B05S', '方正小标宋简体', 'STZhongsong', '华文中宋', 'Noto Serif CJK SC', 'Source Han Serif SC', serif";
export const CSS_HEI_STACK =
  "'SimHei', '黑体', 'Heiti SC', 'STHeiti', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";
export const CSS_KAI_STACK =
  "'KaiTi', 'KaiTi_GB2312', '楷体', 'STKaiti', 'Kaiti SC', 'Noto Serif CJK SC', serif";
export const CSS_FANGSONG_STACK =
  "'FangSong', 'FangSong_GB2312', '仿宋', 'STFangsong', 'Noto Serif CJK SC', 'Source Han Serif SC', serif";
export const CSS_SONG_STACK =
  "'Times New Roman', 'SimSun', '宋体', 'Songti SC', 'STSong', 'Noto Serif CJK SC', 'Source Han Serif SC', serif";

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
  requests: [5, 16, 36, 7, 7, 7, 7, 7, 7, 7],
  reviews: Array.from({ length: 15 }, () => 1),
};
