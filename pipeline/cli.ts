#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { QUERIES_DIR } from './paths.js';
import { detectCommands } from './cli/detect.js';
import { evaluateCommands } from './cli/evaluate.js';
import { ingestCommand } from './cli/ingest.js';
import { outputCommands } from './cli/outputs.js';
import { templatesCommand } from './cli/templates.js';
import { FaultlineError, UsageError } from './errors.js';

/** The faultline command line; each command's file in cli/ only parses arguments and prints. */
export function program(): Command {
  const cli = new Command('faultline')
    .description('Log analysis and anomaly detection for SREs: what broke, where, since when, and why.')
    .version(version(), '-V, --version', 'print the version')
    .showHelpAfterError('(see faultline --help, or faultline COMMAND --help)')
    .exitOverride();
  ingestCommand(cli);
  detectCommands(cli);
  outputCommands(cli);
  evaluateCommands(cli);
  templatesCommand(cli);
  return cli;
}

/** The version in the package.json beside queries/ (the repository, or the installed package). */
function version(): string {
  return (JSON.parse(readFileSync(path.join(QUERIES_DIR, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  // A reader that went away (`| head`) is not an error of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  try {
    await program().parseAsync(process.argv);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      const exitCode = (err as { exitCode?: number }).exitCode ?? 2;
      process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`faultline: ${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof FaultlineError) {
      process.stderr.write(`faultline: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`faultline: unexpected error\n${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  }
}

await main();
