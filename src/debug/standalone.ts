// `node dist/debugAdapter.js`: the training debug adapter over stdin/stdout, for DAP clients other than VS Code (and
// the protocol tests), with a worker thread of its own (dist/worker.js beside it) doing the computing.
import { promises as fs } from 'fs';
import * as path from 'path';
import { BackpropDebugSession } from './adapter';

const session = new BackpropDebugSession({
  workerPath: path.join(__dirname, 'worker.js'),
  readSpec: (file) => fs.readFile(file, 'utf8'),
  allowedRoot: (file) => path.dirname(file),
});
process.on('SIGTERM', () => session.shutdown());
session.start(process.stdin, process.stdout);
