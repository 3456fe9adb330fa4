// The specs "New Network Spec" starts from: small, valid, each showing one idea. Pure data.

export interface SpecTemplate {
  label: string;
  detail: string;
  fileName: string;
  text: string;
}

const xor = `{
  // XOR: the smallest problem one layer cannot solve.
  "name": "XOR",
  "seed": 1,
  "input": 2,
  "layers": [
    { "name": "hidden", "units": 3, "activation": "sigmoid" },
    { "name": "output", "units": 1, "activation": "sigmoid" }
  ],
  "loss": "binary-cross-entropy",
  "optimizer": { "type": "sgd", "learningRate": 2 },
  "training": { "epochs": 2000, "batchSize": 4, "shuffle": false },
  "data": { "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [[0], [1], [1], [0]] }
}
`;

const classifier = `{
  // Three classes on a generated spiral: softmax + cross-entropy, Adam.
  "name": "Spiral classifier",
  "seed": 1,
  "input": 2,
  "layers": [
    { "name": "hidden", "units": 16, "activation": "tanh" },
    { "name": "classes", "units": 3, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "optimizer": { "type": "adam", "learningRate": 0.01 },
  "training": { "epochs": 200, "batchSize": 32, "shuffle": true, "validationSplit": 0.2 },
  "data": { "generator": "spiral", "samples": 300, "noise": 0.05 }
}
`;

const regression = `{
  // Regression: fit y = x₁ − 2·x₂ with an identity output and mean squared error.
  "name": "Linear regression",
  "seed": 1,
  "input": 2,
  "layers": [{ "name": "output", "units": 1, "activation": "identity" }],
  "loss": "mse",
  "optimizer": { "type": "sgd", "learningRate": 0.1 },
  "training": { "epochs": 200, "batchSize": 4, "shuffle": false },
  "data": { "inputs": [[0, 0], [1, 0], [0, 1], [1, 1]], "targets": [[0], [1], [-2], [-1]] }
}
`;

export const TEMPLATES: SpecTemplate[] = [
  { label: 'XOR', detail: '2-3-1 sigmoid network, binary cross-entropy', fileName: 'xor.nn.json', text: xor },
  {
    label: 'Spiral classifier',
    detail: 'tanh hidden layer, softmax over 3 classes, Adam',
    fileName: 'spiral.nn.json',
    text: classifier,
  },
  {
    label: 'Regression',
    detail: 'one identity unit, mean squared error',
    fileName: 'regression.nn.json',
    text: regression,
  },
];
