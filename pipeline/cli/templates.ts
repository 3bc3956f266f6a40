import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { formatTable } from '../format-table.js';
import type { TemplatesFormat } from '../templates.js';
import { checkOutputs } from './options.js';
import { FORMATS } from '../ingest/formats/index.js';

interface TemplatesCliOptions {
  format?: TemplatesFormat;
  out?: string;
  lines?: string;
  limit: number;
}

/** `faultline templates`: the shape of an unfamiliar log in one screen. */
export function templatesCommand(cli: Command): void {
  cli
    .command('templates')
    .description('mine the message templates of any log: counts, share, first and last seen, an example')
    .argument('<paths...>', 'files or directories; a known format is read by its parser, --format text takes each line as the message')
    .addOption(new Option('--format <name>', 'a known format, or text (each line is a message)').choices([...FORMATS, 'text']))
    .option('--out <file>', 'write every template here (.csv or .json) instead of the top ones on stdout')
    .option('--lines <file.csv>', 'write a CSV with a column template_id: one row per input line, in order')
    .option('--limit <n>', 'templates shown on stdout', (v) => Number(v), 30)
    .addHelpText('after', '\nExamples:\n  faultline templates /var/log/auth.log\n  faultline templates app.log --format text --lines ids.csv --out templates.csv')
    .action(async (paths: string[], options: TemplatesCliOptions) => {
      const outKind = options.out ? (/\.csv$/i.test(options.out) ? 'csv' : /\.json$/i.test(options.out) ? 'json' : undefined) : 'table';
      if (!outKind) throw new UsageError(`--out ${options.out}: expected a file ending in .csv or .json`);
      checkOutputs({ '--out': options.out, '--lines': options.lines });
      const [{ Store }, { formatRows }, { mineTemplatesOf }] = await Promise.all([import('../db.js'), import('../query.js'), import('../templates.js')]);
      const store = await Store.open(':memory:');
      try {
        const { templates, lineIds } = await mineTemplatesOf(store, paths, options.format);
        if (options.lines) await writeFile(options.lines, ['template_id', ...lineIds].join('\n') + '\n');
        if (options.out) await writeFile(options.out, (await formatRows(templates, outKind as 'csv' | 'json')) as string);
        else {
          const shown = templates.slice(0, options.limit).map((t) => ({ ...t, example: String(t['example'] ?? '').slice(0, 100) }));
          process.stdout.write(formatTable(shown));
          if (templates.length > shown.length) process.stdout.write(`… ${templates.length - shown.length} more (--out FILE.csv for all)\n`);
        }
        process.stderr.write(`templates: ${lineIds.length} lines, ${templates.length} templates\n`);
      } finally {
        store.close();
      }
    });
}
