/** The Chinese words of the console for codes the API answers (statuses, cells, dates). */
import type { DeadlineStatus } from '../../shared/domain/deadlines.ts';
import { type FormatVersion, getTable, type TableId } from '../../shared/domain/formats/index.ts';
import { TABLE_NUMBERS, TABLE_SHORT_NAMES } from '../../shared/domain/report/labels.ts';
import type { CellRef } from '../../shared/domain/statistics/types.ts';

export const DEADLINE_STATUS_LABELS: Readonly<Record<DeadlineStatus, string>> = {
  open: '办理中',
  due_soon: '即将到期',
  overdue: '逾期',
  awaiting_clarification: '等待补正',
  decided_on_time: '按时答复',
  decided_late: '逾期答复',
};

export const tableTitle = (table: TableId) => `${TABLE_NUMBERS[table]} ${TABLE_SHORT_NAMES[table]}`;

/** A cell as the format names it: 表二 依申请公开 ·（一）予以公开 · 自然人. */
export function cellName(format: FormatVersion, cell: CellRef): string {
  const table = getTable(format, cell.table);
  const row = table.rows.find((r) => r.id === cell.row)?.label ?? cell.row;
  const columns = [...(table.columns ?? []), ...(table.column_groups ?? [])];
  const column = columns.find((c) => c.id === cell.column)?.label ?? columnFromRow(table, cell);
  return [tableTitle(cell.table), row, column].filter((part) => part !== '').join(' · ');
}

/** Table 一 names its columns on each row (本年制发件数 …). */
function columnFromRow(table: ReturnType<typeof getTable>, cell: CellRef): string {
  const row = table.rows.find((r) => r.id === cell.row);
  const index = row?.columns.indexOf(cell.column) ?? -1;
  return (index >= 0 ? row?.column_labels?.[index] : undefined) ?? cell.column;
}

/** A date-time as Beijing time, `2020-01-15 09:30`. */
export function beijingTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
    .format(at)
    .replaceAll('/', '-');
}

/** Today in Asia/Shanghai, `YYYY-MM-DD`. */
export function todayInBeijing(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}
