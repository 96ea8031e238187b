import type { Command } from './command.ts';
import { upCommand } from './commands/up.ts';
import { contractsCommand } from './commands/contracts.ts';
import { runCommand } from './commands/run.ts';
import { plansCommand } from './commands/plans.ts';
import { checkCommand } from './commands/check.ts';
import { verifyCommand } from './commands/verify.ts';
import { selfTestCommand } from './commands/self-test.ts';

/** The command table, in the order `help` lists it. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  plansCommand,
  checkCommand,
  verifyCommand,
  selfTestCommand,
  upCommand,
  contractsCommand,
];
