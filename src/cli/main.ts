// The headless `backprop` command: check, grads, train, step, gradcheck, eval, predict, explain, export and import
// over the same engine as the extension.
import { Command, InvalidArgumentError, Option } from 'commander';
import { checkCommand } from './commands/check';
import { evalCommand } from './commands/eval';
import { explainCommand } from './commands/explain';
import { exportCommand } from './commands/export';
import { gradcheckCommand } from './commands/gradcheck';
import { gradsCommand } from './commands/grads';
import { importCommand } from './commands/import';
import { predictCommand } from './commands/predict';
import { stepCommand } from './commands/step';
import { trainCommand } from './commands/train';
import { endAs, relaunch, relaunchEnv } from './hugePages';
import type { SpecAccess } from './load';
import { CliError, INTERRUPTED, processOutput, USAGE, type Output } from './output';
import { EXPORT_FORMATS, type ExportFormat } from '../interop';
import { DEFAULT_MAX_NUMBERS } from '../netspec';
import { version } from '../../package.json';
import { grouped } from '../shared/format';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

/** Many values of a repeatable option, in order. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** An option that would silently do nothing in this combination is a usage error instead. */
function refuse(noEffect: boolean, message: string): void {
  if (noEffect) throw new CliError(message, USAGE);
}

/** Two SIGINTs closer than this are one Ctrl+C. */
const SAME_PRESS_MS = 200;

/**
 * Runs a command that stops gracefully: the first Ctrl+C (or `interrupt`, in tests) aborts its signal and the command
 * reports what it did; the exit code is then INTERRUPTED. A second Ctrl+C exits at once.
 */
async function interruptible(
  interrupt: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<number>,
): Promise<number> {
  if (interrupt) {
    const code = await run(interrupt);
    return interrupt.aborted ? INTERRUPTED : code;
  }
  const abort = new AbortController();
  let first = 0;
  const onInt = (): void => {
    // NOTE: a relaunched run (hugePages.ts) hears one Ctrl+C twice, from the terminal and from its parent: one press.
    if (abort.signal.aborted && performance.now() - first > SAME_PRESS_MS) process.exit(INTERRUPTED);
    if (abort.signal.aborted) return;
    first = performance.now();
    abort.abort();
  };
  process.on('SIGINT', onInt);
  try {
    const code = await run(abort.signal);
    return abort.signal.aborted ? INTERRUPTED : code;
  } finally {
    process.off('SIGINT', onInt);
  }
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

/** The options every command shares, as commander parses them. */
interface SpecOptions {
  root?: string;
  maxNumbers: number;
}

/**
 * Builds the program; `setExit` receives each command's exit code. `interrupt` stands in for Ctrl+C (tests); without
 * it, train and gradcheck listen for SIGINT while they run. With `mayRelaunch` (the real process), a command whose
 * specs' data is large runs again in a process with huge pages (hugePages.ts), and this one ends as that one does.
 */
export function buildProgram(
  out: Output,
  setExit: (code: number) => void,
  interrupt?: AbortSignal,
  mayRelaunch = false,
): Command {
  const program = new Command('backprop')
    .description(
      'Check, train, step, gradient-check, evaluate, explain, export and import neural network specs (*.nn.json).',
    )
    .version(version)
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => out.out(s.trimEnd()), writeErr: (s) => out.err(s.trimEnd()) })
    .exitOverride();
  const root = new Option('--root <dir>', "folder tree CSV data may be read from (default: the spec's folder)");
  const maxNumbers = new Option(
    '--max-numbers <n>',
    'refuse networks needing more numbers (parameters + one batch of activations)',
  )
    .argParser(positiveInt)
    .default(DEFAULT_MAX_NUMBERS, `${grouped(DEFAULT_MAX_NUMBERS)}, about 400 MB in float64`);
  /** The SpecAccess every command takes from its --root and --max-numbers. */
  const access = (o: SpecOptions): SpecAccess => ({ allowedRoot: o.root, maxNumbers: o.maxNumbers });
  if (mayRelaunch)
    program.hook('preAction', async (_program, command) => {
      // NOTE: import's argument is a model, not a spec; every other command's arguments are spec files.
      if (command.name() === 'import') return;
      const env = relaunchEnv(command.args, access(command.opts<SpecOptions>()));
      const ended = env && (await relaunch(env));
      if (ended) endAs(ended);
    });

  program
    .command('check')
    .description('validate specs; prints FILE:LINE:COL: error|warning: message; exit 1 on errors')
    .argument('<files...>')
    .addOption(root)
    .addOption(maxNumbers)
    .action((files: string[], o: SpecOptions) => setExit(checkCommand(files, out, access(o))));

  program
    .command('grads')
    .description("loss and gradients over the training rows at the spec's weights (no update)")
    .argument('<file>')
    .option('--json', 'print {"loss", "layers": [{"name", "dW", "db"}]}')
    .addOption(root)
    .addOption(maxNumbers)
    .action((file: string, o: SpecOptions & { json?: boolean }) =>
      setExit(gradsCommand(file, { json: o.json, ...access(o) }, out)),
    );

  program
    .command('train')
    .description("train for the spec's epochs, or --steps / --epochs")
    .argument('<file>')
    .addOption(new Option('--steps <k>', 'optimizer steps to take').argParser(positiveInt).conflicts('epochs'))
    .addOption(new Option('--epochs <e>', "epochs to train (default: the spec's)").argParser(positiveInt))
    .addOption(new Option('--precision <p>', 'arithmetic precision').choices(['float32', 'float64']))
    .option('--write', 'write the trained weights and biases into the spec file (keeping its text in FILE.bak)')
    .option('--digits <n>', 'significant digits when writing (default, and 0: exact round-trip)', nonNegativeInt)
    .option('--no-backup', 'with --write, keep no FILE.bak of the previous text')
    .option('--checkpoint <file>', "save the run's full state (weights, optimizer, position, RNG) when it ends")
    .option('--resume <file>', 'continue the run a --checkpoint saved (--steps/--epochs: how many more)')
    .option('--json', 'print {"steps", "loss", "layers": [{"name", "weights", "biases"}], "diverged"?, "lossRise"?}')
    .addOption(root)
    .addOption(maxNumbers)
    .action(
      async (
        file: string,
        o: SpecOptions & {
          steps?: number;
          epochs?: number;
          precision?: 'float32' | 'float64';
          write?: boolean;
          digits?: number;
          backup: boolean;
          checkpoint?: string;
          resume?: string;
          json?: boolean;
        },
      ) => {
        refuse(o.digits !== undefined && !o.write, '--digits has no effect without --write');
        refuse(!o.backup && !o.write, '--no-backup has no effect without --write');
        setExit(await interruptible(interrupt, (signal) => trainCommand(file, { ...o, ...access(o), signal }, out)));
      },
    );

  program
    .command('step')
    .description('one mini-batch step: loss before and after, gradients, updated weights')
    .argument('<file>')
    .option('--json', 'print JSON')
    .addOption(root)
    .addOption(maxNumbers)
    .action((file: string, o: SpecOptions & { json?: boolean }) =>
      setExit(stepCommand(file, { json: o.json, ...access(o) }, out)),
    );

  program
    .command('gradcheck')
    .description('compare backprop with central differences; exit 1 when the verdict is "wrong"')
    .argument('<file>')
    .option('--eps <e>', 'central-difference step (default 1e-6)', positiveNumber)
    .addOption(
      new Option('--sample <n>', 'check n randomly chosen parameters').argParser(positiveInt).conflicts('fast'),
    )
    .option('--fast', 'directional check along random unit vectors (for large specs)')
    .option('--directions <n>', 'directions for --fast (default 3)', positiveInt)
    .option('--limit <n>', 'table rows to show (default 20)', positiveInt)
    .option('--json', 'print the full report as JSON')
    .addOption(root)
    .addOption(maxNumbers)
    .action(
      async (
        file: string,
        o: SpecOptions & {
          eps?: number;
          sample?: number;
          fast?: boolean;
          directions?: number;
          limit?: number;
          json?: boolean;
        },
      ) => {
        refuse(o.directions !== undefined && !o.fast, '--directions has no effect without --fast');
        refuse(o.limit !== undefined && !!o.fast, '--limit has no effect with --fast (it shows every direction)');
        refuse(o.limit !== undefined && !!o.json, '--limit has no effect with --json (it prints every parameter)');
        setExit(
          await interruptible(interrupt, (signal) => gradcheckCommand(file, { ...o, ...access(o), signal }, out)),
        );
      },
    );

  program
    .command('eval')
    .description("loss per split at the spec's weights; accuracy and confusion matrix, or R² and MAE")
    .argument('<file>')
    .option('--json', 'print {"task", "classes"?, "splits": {"training", "validation"?}}')
    .addOption(root)
    .addOption(maxNumbers)
    .action((file: string, o: SpecOptions & { json?: boolean }) =>
      setExit(evalCommand(file, { json: o.json, ...access(o) }, out)),
    );

  program
    .command('predict')
    .description("the network's outputs (and class) for new inputs, normalized as the training data was")
    .argument('<file>')
    .addOption(new Option('--input <values>', 'one row of inputs, "x1,x2,…" (repeatable)').argParser(collect))
    .addOption(new Option('--csv <file>', 'a CSV file of input rows').conflicts('input'))
    .option('--json', 'print {"normalize", "rows": [{"inputs", "outputs", "class"?, "className"?}]}')
    .addOption(root)
    .addOption(maxNumbers)
    .action((file: string, o: SpecOptions & { input?: string[]; csv?: string; json?: boolean }) =>
      setExit(predictCommand(file, { input: o.input, csv: o.csv, json: o.json, ...access(o) }, out)),
    );

  program
    .command('explain')
    .description("one sample layer by layer (z, a, dJ/dz); a parameter's gradient as chain-rule factors")
    .argument('<file>')
    .option('--row <n>', 'the data row (0-based, default 0)', nonNegativeInt)
    .option('--param <path>', 'a parameter such as hidden.weights[0][1] or out.biases[0]')
    .option('--json', 'print {"row", "loss", "inputs", "targets", "layers", "param"?}')
    .addOption(root)
    .addOption(maxNumbers)
    .action((file: string, o: SpecOptions & { row?: number; param?: string; json?: boolean }) =>
      setExit(explainCommand(file, { row: o.row, param: o.param, json: o.json, ...access(o) }, out)),
    );

  program
    .command('export')
    .description("write the spec's network and weights as ONNX, safetensors or a PyTorch training script")
    .argument('<file>')
    .addOption(new Option('--format <f>', 'what to write').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('-o, --out <path>', 'the file to write (default: beside the spec, named after it)')
    .addOption(
      new Option('--precision <p>', "numbers' precision (default: the spec's)").choices(['float32', 'float64']),
    )
    .option('--logits', 'ONNX: output the last layer before its activation')
    .addOption(root)
    .addOption(maxNumbers)
    .action(
      (
        file: string,
        o: SpecOptions & { format: ExportFormat; out?: string; precision?: 'float32' | 'float64'; logits?: boolean },
      ) => setExit(exportCommand(file, { ...o, ...access(o), version }, out)),
    );

  program
    .command('import')
    .description('make a spec from an ONNX model or a safetensors state_dict, or write its weights --into a spec')
    .argument('<model>')
    .option('--into <spec>', "write the model's weights into this spec (layers matched in order, shapes checked)")
    .option('-o, --out <path>', 'the new spec to write (default: beside the model, MODEL.nn.json)')
    .option('--force', 'replace the -o file when it exists')
    .option('--no-backup', 'keep no FILE.bak of a spec this replaces (--into, or -o with --force)')
    .addOption(root)
    .addOption(maxNumbers)
    .action((model: string, o: SpecOptions & { into?: string; out?: string; force?: boolean; backup: boolean }) =>
      setExit(importCommand(model, { ...o, ...access(o) }, out)),
    );
  return program;
}

/**
 * Runs the CLI on argv (without `node` and the script) and resolves to the exit code; `interrupt` stands in for Ctrl+C,
 * `mayRelaunch` lets a large load relaunch with huge pages (buildProgram).
 */
export async function runCli(
  argv: string[],
  out: Output,
  interrupt?: AbortSignal,
  mayRelaunch = false,
): Promise<number> {
  let code = 0;
  const program = buildProgram(out, (c) => (code = c), interrupt, mayRelaunch);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CliError) {
      out.err(`error: ${err.message}`);
      return err.exitCode;
    }
    const commanderError = err as { code?: string; exitCode?: number };
    if (typeof commanderError.code === 'string' && commanderError.code.startsWith('commander.')) {
      const helpOrVersion =
        commanderError.code === 'commander.helpDisplayed' ||
        commanderError.code === 'commander.version' ||
        commanderError.code === 'commander.help';
      return helpOrVersion ? 0 : USAGE;
    }
    out.err(
      `Internal error while running backprop: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    return 70;
  }
}

if (require.main === module) {
  // A closed pipe (`backprop check … | head`) just ends the output; it is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  void runCli(process.argv.slice(2), processOutput(), undefined, true).then((code) => {
    process.exitCode = code;
  });
}
