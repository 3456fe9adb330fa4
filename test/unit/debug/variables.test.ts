// The Variables view's references: scopes and expandable values get references to their worker paths, children
// are found again by parent and name, and every reference is forgotten when the session moves.
import * as assert from 'node:assert/strict';
import { VariableReferences } from '../../../src/debug/variables';

describe('debug/variables', () => {
  it('gives every scope a reference to its worker path, in the order the view shows them', () => {
    const refs = new VariableReferences();
    const scopes = refs.scopes();
    assert.deepEqual(
      scopes.map((s) => [s.name, refs.pathOf(s.variablesReference), s.expensive]),
      [
        ['Parameters', 'scope:parameters', false],
        ['Forward', 'scope:forward', false],
        ['Backward', 'scope:backward', false],
        ['Optimizer state', 'scope:optimizer', false],
        ['Training', 'scope:training', false],
      ],
    );
    assert.equal(new Set(scopes.map((s) => s.variablesReference)).size, 5);
  });

  it('references a matrix for paging, and a number for nothing', () => {
    const refs = new VariableReferences();
    const w = refs.variable({ name: 'W', value: '3 × 2', type: 'matrix', path: 'hidden.W', indexed: 3 }, 0);
    assert.ok(w.variablesReference > 0);
    assert.equal(refs.pathOf(w.variablesReference), 'hidden.W');
    assert.deepEqual(
      { ...w, variablesReference: 1 },
      {
        name: 'W',
        value: '3 × 2',
        variablesReference: 1,
        type: 'matrix',
        indexedVariables: 3,
        evaluateName: 'hidden.W',
      },
    );
    const x = refs.variable({ name: '[0]', value: '0.25', path: 'hidden.W[0][0]', watchable: true }, 7);
    assert.deepEqual(x, { name: '[0]', value: '0.25', variablesReference: 0, evaluateName: 'hidden.W[0][0]' });
    const layer = refs.variable(
      { name: 'hidden', value: 'tanh, 3 units', path: 'scope:parameters/hidden', named: 2 },
      0,
    );
    assert.equal(layer.namedVariables, 2);
    assert.equal(layer.evaluateName, undefined, 'a scope path is no expression');
    assert.equal(refs.variable({ name: 'n', value: '1', indexed: 4 }, 0).variablesReference, 0, 'no path, no children');
  });

  it("finds a child's path by its parent and name; an unknown name is its own path", () => {
    const refs = new VariableReferences();
    refs.variable({ name: '[1]', value: '0.5', path: 'hidden.W[0][1]' }, 1001);
    refs.variable({ name: '[1]', value: '0.7', path: 'output.W[0][1]' }, 1002);
    assert.equal(refs.childPath(1001, '[1]'), 'hidden.W[0][1]');
    assert.equal(refs.childPath(1002, '[1]'), 'output.W[0][1]');
    assert.equal(refs.childPath(1001, 'output.b[0]'), 'output.b[0]');
  });

  it('forgets every reference when the session moves', () => {
    const refs = new VariableReferences();
    const [parameters] = refs.scopes();
    refs.variable({ name: '[1]', value: '0.5', path: 'hidden.W[0][1]' }, parameters.variablesReference);
    refs.forget();
    assert.equal(refs.pathOf(parameters.variablesReference), undefined);
    assert.equal(refs.childPath(parameters.variablesReference, '[1]'), '[1]');
  });
});
