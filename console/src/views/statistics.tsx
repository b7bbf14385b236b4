/** The three national tables as the nightly computed them, and the findings with the cells they name. */
import { TABLE_IDS, type TableId } from '../../../shared/domain/formats/index.ts';
import { SEVERITY_LABELS } from '../../../shared/domain/report/labels.ts';
import { type GridCell, type TableGrid, tableGrid } from '../../../shared/domain/report/table-grid.ts';
import type { Api, StatisticsView } from '../api.ts';
import { beijingTime, cellName, tableTitle } from '../labels.ts';
import { ScrollBox, Show, useLoad } from '../load.tsx';

const cellKey = (table: string, row: string, column: string) => `${table}/${row}/${column}`;

export function StatisticsPanel({ api, agencyId, year }: { api: Api; agencyId: string; year: number }) {
  const { loaded } = useLoad(() => api.statistics(agencyId, year), [agencyId, year]);
  return (
    <Show
      loaded={loaded}
      notFound={`尚无 ${year} 年度的统计：统计由夜间计算（北京时间 02:00）根据已报送的事件得出。`}
    >
      {(view) => (
        <>
          <p class="muted">
            数据为夜间计算结果（{beijingTime(view.watermark.computedAt)}，已计入 {view.watermark.eventsFolded}{' '}
            条事件）；当天新报送的事件在下一次夜间计算后计入。
          </p>
          <Findings view={view} />
          {TABLE_IDS.map((table) => (
            <NationalTable key={table} view={view} table={table} />
          ))}
        </>
      )}
    </Show>
  );
}

function Findings({ view }: { view: StatisticsView }) {
  if (view.findings.length === 0) {
    return <p class="note note-ok">一致性检查未发现问题。</p>;
  }
  return (
    <section aria-labelledby="findings-heading">
      <h3 id="findings-heading">检查发现（{view.findings.length}）</h3>
      <ul class="findings">
        {view.findings.map((finding, index) => (
          <li key={`${finding.ruleId}-${index}`} class={`finding finding-${finding.severity}`}>
            <span class={`badge badge-${finding.severity}`}>{SEVERITY_LABELS[finding.severity]}</span>{' '}
            {finding.message}
            {finding.cells.length > 0 && (
              <ul class="cells">
                {finding.cells.map((cell) => (
                  <li key={cellKey(cell.table, cell.row, cell.column)}>
                    {cell.year ? `${cell.year}年 ` : ''}
                    {cellName(view.format, cell)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function NationalTable({ view, table }: { view: StatisticsView; table: TableId }) {
  const grid = tableGrid(view.format, table, view.tables[table]);
  const flagged = new Set(
    view.findings.flatMap((f) =>
      f.cells.filter((c) => c.table === table && !c.year).map((c) => cellKey(c.table, c.row, c.column)),
    ),
  );
  const captionId = `table-${table}`;
  return (
    <section aria-labelledby={captionId}>
      <h3 id={captionId}>
        {tableTitle(table)}：{grid.heading.replace(/^[一二三四五六七八九十]+、/u, '')}
      </h3>
      {/* A wide table scrolls in its own box, never the page; the box is focusable for keyboard scrolling. */}
      <ScrollBox labelledBy={captionId}>
        <table class="national">
          <tbody>
            {gridRows(grid).map((cells, rowIndex) => (
              <tr key={rowIndex}>
                {cells.map((cell) => (
                  <GridCellView
                    key={`${cell.row}-${cell.col}`}
                    cell={cell}
                    header={rowIndex < grid.headerRows}
                    flagged={cell.ref ? flagged.has(cellKey(table, cell.ref.row, cell.ref.column)) : false}
                  />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}

function GridCellView({ cell, header, flagged }: { cell: GridCell; header: boolean; flagged: boolean }) {
  const span = {
    ...(cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
    ...(cell.colSpan > 1 ? { colSpan: cell.colSpan } : {}),
  };
  if (cell.kind === 'value') {
    return (
      <td {...span} class={flagged ? 'value flagged' : 'value'}>
        {cell.text}
        {flagged && <span class="visually-hidden">（检查发现涉及此格）</span>}
      </td>
    );
  }
  if (header || cell.kind === 'header') {
    return (
      <th {...span} scope="col">
        {cell.text}
      </th>
    );
  }
  return (
    <th {...span} scope="row" class="label">
      {cell.text}
    </th>
  );
}

/** The grid's cells by row, in column order. */
function gridRows(grid: TableGrid): GridCell[][] {
  const rows: GridCell[][] = Array.from({ length: grid.height }, () => []);
  for (const cell of grid.cells) rows[cell.row]?.push(cell);
  for (const row of rows) row.sort((a, b) => a.col - b.col);
  return rows;
}
