/**
 * The DuckDB baseline in a fresh process, as `gongkai stats` runs in one:
 *   tsx bench/duckdb-worker.ts FILE OUT   → writes the requests table's non-zero cells to OUT (JSON)
 */
import { writeFileSync } from 'node:fs';
import { duckdbRequestCells } from './duckdb.ts';

const [file, out] = process.argv.slice(2);
if (!file || !out) {
  process.stderr.write('usage: tsx bench/duckdb-worker.ts FILE OUT\n');
  process.exit(2);
}
writeFileSync(out, JSON.stringify([...(await duckdbRequestCells(file))]));
