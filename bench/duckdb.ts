/**
 * The 依申请公开 (requests) table computed by DuckDB with SQL from the same JSONL file: the baseline
 * `gongkai stats` is measured against. Written from the README's counting rules, not from our code:
 * events deduplicated by eventId; a request's receipt is its earliest (same instant: the greater eventId);
 * its decision by precedence correction > later occurredAt > greater eventId; years and days in
 * Asia/Shanghai (UTC+8, no daylight saving since 1991; a bare date is that day there); a decision dated
 * before its receipt counts in the receipt's year; 上年结转 / 结转下年度 over every year the agency has an
 * event in, or in which a request was pending at its start; in the 2019 format the three `other.*` codes
 * are one 其他处理 row.
 *
 * The stream must not reuse an eventId for another body (the fold keeps the smaller body then, a rule SQL
 * need not copy for a benchmark): the query checks and throws if it does.
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** `agencyId \t year \t row \t column` → count, non-zero cells only (totals included). */
export type RequestCells = Map<string, number>;

export const cellKey = (agencyId: string, year: number, row: string, column: string) =>
  `${agencyId}\t${year}\t${row}\t${column}`;

const NOT_OUTCOMES = new Set(['received', 'carried_over', 'carried_forward', 'decided_total']);

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

function query(file: string): string {
  return `
WITH raw AS (
  SELECT agencyId, eventId, type, occurredAt, data
  FROM read_json(${sqlString(file)}, format = 'newline_delimited',
    columns = {eventId: 'VARCHAR', agencyId: 'VARCHAR', type: 'VARCHAR', occurredAt: 'VARCHAR', data: 'JSON',
               source: 'VARCHAR'})
),
timed AS (
  SELECT *, CASE WHEN length(occurredAt) = 10
                 THEN epoch_ms(occurredAt::DATE::TIMESTAMP) - 28800000
                 ELSE epoch_ms(occurredAt::TIMESTAMPTZ) END AS ms
  FROM raw
),
ev AS (
  SELECT *, (ms + 28800000) // 86400000 AS dayNo, year(make_timestamp((ms + 28800000) * 1000)) AS yr
  FROM timed
),
years AS (
  SELECT agencyId, yr FROM ev
  UNION SELECT agencyId, (data->>'year')::INTEGER FROM ev WHERE type = 'figures.declared'
),
last_year AS (SELECT agencyId, max(yr) AS lastYear FROM years GROUP BY agencyId),
-- One row per (agency, eventId); the same eventId with two bodies stops the benchmark.
requests_ev AS (
  SELECT agencyId, eventId, any_value(type) AS type, any_value(data->>'requestId') AS requestId,
         any_value(data->>'applicantType') AS applicantType, any_value(data->>'outcome') AS outcome,
         any_value(coalesce((data->>'correction')::BOOLEAN, false)) AS correction,
         any_value(ms) AS ms, any_value(dayNo) AS dayNo, any_value(yr) AS yr,
         count(DISTINCT (type, occurredAt, data::VARCHAR)) AS bodies
  FROM ev WHERE type IN ('request.received', 'request.decided')
  GROUP BY agencyId, eventId
),
receipt AS (
  SELECT agencyId, requestId,
         first(applicantType ORDER BY ms ASC, eventId DESC) AS col,
         first(dayNo ORDER BY ms ASC, eventId DESC) AS recDay,
         first(yr ORDER BY ms ASC, eventId DESC) AS recYear
  FROM requests_ev WHERE type = 'request.received' GROUP BY agencyId, requestId
),
decision AS (
  SELECT agencyId, requestId,
         first(outcome ORDER BY correction DESC, ms DESC, eventId DESC) AS outcome,
         first(dayNo ORDER BY correction DESC, ms DESC, eventId DESC) AS decDay,
         first(yr ORDER BY correction DESC, ms DESC, eventId DESC) AS decYear
  FROM requests_ev WHERE type = 'request.decided' GROUP BY agencyId, requestId
),
resolved AS (
  SELECT r.agencyId, r.col, r.recYear, d.outcome,
         CASE WHEN d.outcome IS NULL THEN 100000 WHEN d.decDay < r.recDay THEN r.recYear ELSE d.decYear END
           AS decidedYear
  FROM receipt r LEFT JOIN decision d USING (agencyId, requestId)
),
report_years AS (
  SELECT agencyId, yr FROM years
  UNION
  SELECT r.agencyId, unnest(range(r.recYear + 1, least(r.decidedYear, l.lastYear) + 1)) AS yr
  FROM resolved r JOIN last_year l USING (agencyId)
),
cells AS (
  SELECT r.agencyId, y.yr, 'received' AS row_id, r.col FROM resolved r
    JOIN report_years y ON y.agencyId = r.agencyId AND y.yr = r.recYear
  UNION ALL
  SELECT r.agencyId, y.yr, 'carried_over', r.col FROM resolved r
    JOIN report_years y ON y.agencyId = r.agencyId AND y.yr > r.recYear AND y.yr <= r.decidedYear
  UNION ALL
  SELECT r.agencyId, y.yr, 'carried_forward', r.col FROM resolved r
    JOIN report_years y ON y.agencyId = r.agencyId AND y.yr >= r.recYear AND y.yr < r.decidedYear
  UNION ALL
  SELECT r.agencyId, y.yr,
         CASE WHEN y.yr < 2021 AND starts_with(r.outcome, 'other.') THEN 'other' ELSE r.outcome END, r.col
  FROM resolved r JOIN report_years y ON y.agencyId = r.agencyId AND y.yr = r.decidedYear
)
SELECT agencyId, yr, row_id, col, count(*)::INTEGER AS n,
       (SELECT count(*) FROM requests_ev WHERE bodies > 1)::INTEGER AS reused
FROM cells GROUP BY agencyId, yr, row_id, col`;
}

/** The requests table of every agency and year in `file`, by DuckDB (its default threads: the cores). */
export async function duckdbRequestCells(file: string): Promise<RequestCells> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(query(file));
    const cells: RequestCells = new Map();
    const add = (key: string, n: number) => cells.set(key, (cells.get(key) ?? 0) + n);
    for (const [agencyId, year, row, column, n, reused] of reader.getRows() as [
      string,
      number,
      string,
      string,
      number,
      number,
    ][]) {
      if (reused > 0)
        throw new Error(`${reused} eventIds carry two bodies: the SQL baseline does not model that`);
      add(cellKey(agencyId, year, row, column), n);
      // 总计 column = the six applicant columns; （七）总计 = the outcome rows.
      add(cellKey(agencyId, year, row, 'total'), n);
      if (!NOT_OUTCOMES.has(row)) {
        add(cellKey(agencyId, year, 'decided_total', column), n);
        add(cellKey(agencyId, year, 'decided_total', 'total'), n);
      }
    }
    return cells;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The same cells from `gongkai stats`'s output. */
export function statsRequestCells(
  statistics: readonly {
    agencyId: string;
    year: number;
    tables: { requests: Record<string, Record<string, number>> };
  }[],
): RequestCells {
  const cells: RequestCells = new Map();
  for (const s of statistics) {
    for (const [row, columns] of Object.entries(s.tables.requests)) {
      for (const [column, n] of Object.entries(columns)) {
        if (n !== 0) cells.set(cellKey(s.agencyId, s.year, row, column), n);
      }
    }
  }
  return cells;
}

/** Every cell that differs (at most `limit`), as text; empty when the two agree cell for cell. */
export function differences(ours: RequestCells, theirs: RequestCells, limit = 10): string[] {
  const out: string[] = [];
  for (const key of new Set([...ours.keys(), ...theirs.keys()])) {
    const a = ours.get(key) ?? 0;
    const b = theirs.get(key) ?? 0;
    if (a !== b && out.length < limit) out.push(`${key.replaceAll('\t', ' ')}: gongkai ${a}, duckdb ${b}`);
  }
  return out;
}
