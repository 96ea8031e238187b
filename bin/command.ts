/** One command of the command line: its own file under bin/commands/, one line in bin/commands.ts. */
export interface Command {
  name: string;
  /** One line for the overview of `kdp-conformance help`. */
  summary: string;
  /** The full usage text of `kdp-conformance help <name>` and `<name> --help`. */
  usage: string;
  /** Resolves to the process exit code. Throw UsageError for a mistake in the call (exit 2). */
  run(args: string[]): Promise<number>;
}
