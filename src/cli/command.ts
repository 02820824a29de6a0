// The shape of one `carbon-tray` subcommand: what the registry in index.ts lists and each file in commands/ exports.

/** A subcommand: `run` gets the arguments after its name and resolves to the exit status. */
export interface Command {
  name: string;
  summary: string;
  run(args: string[]): Promise<number>;
}
