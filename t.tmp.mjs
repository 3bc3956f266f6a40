import { Store } from './dist/pipeline/db.js';
import { sqlFile } from './dist/pipeline/paths.js';
const s = await Store.open('/tmp/s3.duckdb');
const [inc] = await s.main.all('SELECT regions, start_ts, end_ts FROM incidents LIMIT 1');
const params = { regions: inc.regions, start: new Date(inc.start_ts), end: new Date(inc.end_ts) };
console.log(inc);
const sql = sqlFile('rank/features');
const c = s.main.connection;
for (let i = 0; i < 4; i++) {
  let t = performance.now();
  await c.run('SELECT 1'); const one = performance.now() - t;
  t = performance.now(); const p = await c.prepare(sql); const prep = performance.now() - t;
  console.log('select1', one.toFixed(1), 'prepare', prep.toFixed(1), 'params', p.parameterCount);
}
