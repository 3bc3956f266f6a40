import { TemplateMiner } from './rank/miner.js';
import { maskedMessages } from './rank/templates.js';
import type { Row, Store } from './db.js';
import { FaultlineError } from './errors.js';
import { ingest } from './ingest/ingest.js';
import { discover } from './ingest/discover.js';
import type { Format } from './types.js';

/** What `faultline templates` reads: a known format through its parser, or `text` (a message a line). */
export type TemplatesFormat = Format | 'text';

/** The templates of some logs, most frequent first, and each input line's template id in order. */
export interface MinedTemplates {
  templates: Row[];
  lineIds: number[];
}

/**
 * `faultline templates`: mine the message templates of any logs, in a store of their own (a
 * `:memory:` one), with the same masking and miner as `detect`. Known formats go through their
 * parser (the messages of log lines: JSON, syslog); `text` takes every line as the message.
 */
export async function mineTemplatesOf(store: Store, paths: readonly string[], format: TemplatesFormat | undefined): Promise<MinedTemplates> {
  const db = store.main;
  await db.run('CREATE OR REPLACE TEMP TABLE template_input (line_no BIGINT, ts TIMESTAMPTZ, message VARCHAR, masked VARCHAR)');
  if (format === 'text') {
    const { sources, errors } = await discover(paths);
    if (errors.length) throw new FaultlineError(`${errors[0]!.path}: ${errors[0]!.message}`);
    let next = 1;
    for (const source of sources) {
      if (source.kind !== 'file') throw new FaultlineError('--format text reads files, not stdin');
      try {
        await db.runFile('templates/text-lines', { file: source.path, first_line: next });
      } catch (err) {
        throw new FaultlineError(`${source.path}: cannot read it as text (${(err as Error).message.split('\n')[0]})`);
      }
      const [row] = await db.all('SELECT coalesce(max(line_no), 0) + 1 AS next FROM template_input');
      next = Number(row!['next']);
    }
  } else {
    const result = await ingest(store, paths, format ? { format } : {});
    const failed = result.files.find((f) => f.status === 'error');
    if (failed) throw new FaultlineError(`${failed.path}: ${failed.message ?? 'cannot read it'}`);
    await db.runFile('templates/log-lines');
  }
  const miner = new TemplateMiner();
  const distinct = await maskedMessages(db, 'SELECT string_agg(masked, chr(10) ORDER BY first) AS masked FROM (SELECT masked, min(line_no) AS first FROM template_input GROUP BY masked)');
  const ids = miner.assign(distinct);
  await db.run('CREATE OR REPLACE TEMP TABLE template_map (masked VARCHAR, template_id INTEGER)');
  await db.run('CREATE OR REPLACE TEMP TABLE template_patterns (template_id INTEGER, pattern VARCHAR)');
  await db.appendColumns('template_map', [distinct, ids], 'temp');
  const mined = miner.templates();
  await db.appendColumns('template_patterns', [mined.map((t) => t.id), mined.map((t) => t.tokens.join(' '))], 'temp');
  const templates = await db.allFile('templates/summary');
  const lineIds = (await db.all('SELECT m.template_id FROM template_input i JOIN template_map m USING (masked) ORDER BY i.line_no')).map((r) => Number(r['template_id']));
  return { templates, lineIds };
}
