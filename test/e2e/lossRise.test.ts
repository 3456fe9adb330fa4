// UI test: a step whose loss lands far above where it began warns in the panel, though every number is finite.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { useWorkbench } from './fixture';
import { screenshot } from './screenshots';

const SPEC = 'rising.nn.json';

/** One identity unit, mse: a learning rate of 0.03 takes w from 0.5 to 203 in one step, the loss ~190× higher. */
const RISING = `{
  "name": "Rising",
  "input": 1,
  "layers": [{ "name": "out", "units": 1, "activation": "identity", "weights": [[0.5]], "biases": [0] }],
  "loss": "mse",
  "optimizer": { "type": "sgd", "learningRate": 0.03 },
  "training": { "epochs": 1, "batchSize": 2, "shuffle": false },
  "data": { "inputs": [[10], [20]], "targets": [[100], [300]] }
}
`;

describe('A loss that blows up in the workbench', function () {
  const fixture = useWorkbench();

  it('shows the rise in the panel after one step, with what to do about it', async () => {
    const { workbench } = fixture;
    fs.writeFileSync(path.join(fixture.workspace, SPEC), RISING);
    // A file written behind the workbench's back shows in the explorer once it is refreshed.
    await workbench.runCommand('Refresh Explorer');
    await workbench.openFromExplorer(SPEC);
    await workbench.runCommand('Backprop: Show Panel');
    await workbench.focusEditor(SPEC);
    await workbench.runCommand('Backprop: Step');
    const warning = await workbench.webviewText('.session-warning', (t) => t.includes('The loss rose'));
    assert.match(
      warning,
      /^The loss rose from 4\.66e4 to [\d.]+e6: the learning rate is probably too high\. Lower it and reset\.$/,
    );
    await screenshot(workbench.page, 'loss-rise-warning');
  });
});
