/**
 * exceljs's Workbook class by its own module path (exceljs ships no typing for it): the same class as
 * `ExcelJS.Workbook`, without the streaming reader and writer that the package's main module loads too.
 */
declare module 'exceljs/lib/doc/workbook.js' {
  import type { Workbook } from 'exceljs';

  const WorkbookClass: typeof Workbook;
  export default WorkbookClass;
}
