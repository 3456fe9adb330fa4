import * as assert from 'node:assert/strict';
import { decisionGrid, inputBounds, layerHealth, Network, Trainer } from '../../../src/engine';
import { makeModel, randomData } from './models';

describe('engine/insight', () => {
  it('counts dead relu units and saturated sigmoid units', () => {
    const model = makeModel({
      input: 2,
      hidden: [
        { units: 3, activation: 'relu' },
        { units: 2, activation: 'sigmoid' },
      ],
    });
    model.layers[0].weights = [
      [1, 1],
      [0, 0],
      [0.5, -0.5],
    ];
    model.layers[0].biases = [0, -1, 0]; // unit 1 is always −1 before relu: dead
    model.layers[1].weights = [
      [100, 100, 100],
      [0, 0, 0],
    ];
    model.layers[1].biases = [100, 0]; // unit 0 is pinned at 1; unit 1 sits at 0.5
    const data = randomData(model, 10);
    const net = new Network(model, 'float64');
    net.load(data, [...Array(10).keys()], 0, 10);
    net.forward(10, 10);
    const h = layerHealth(
      net,
      model.layers.map((l) => l.activation),
      10,
    );
    assert.equal(h[0].dead, 1);
    assert.equal(h[1].saturated, 1);
    assert.equal(h[2].saturated, 0);
  });

  it('draws the decision grid top-left first, matching predict at those points', () => {
    const model = makeModel({ input: 2 });
    const net = new Network(model, 'float64');
    const bounds = { xMin: -1, xMax: 1, yMin: -2, yMax: 2 };
    const grid = decisionGrid(net, bounds, 4);
    assert.equal(grid.length, 16);
    const topLeft = net.predict(Float64Array.of(-0.75, 1.5), 1)[0];
    const bottomRight = net.predict(Float64Array.of(0.75, -1.5), 1)[0];
    assert.equal(grid[0], topLeft);
    assert.equal(grid[15], bottomRight);
  });

  it('bounds the first two inputs with a margin', () => {
    // Two rows of three inputs; the third column is ignored.
    const b = inputBounds(Float64Array.of(0, 2, 9, 10, 7, 9), 2, 3);
    assert.deepEqual(b, { xMin: -1, xMax: 11, yMin: 1.5, yMax: 7.5 });
  });

  it('records the last update θ_t − θ_{t−1}', () => {
    const model = makeModel();
    const t = new Trainer(model, randomData(model, 8));
    const before = Float64Array.from(t.net.params);
    t.trainStep();
    t.lastUpdate.forEach((d, i) => assert.equal(d, t.net.params[i] - before[i]));
    assert.ok(t.lastUpdate.some((d) => d !== 0));
  });
});
