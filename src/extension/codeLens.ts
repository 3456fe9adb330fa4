// Code lenses at the top of every spec: Train · Step · Gradient check · Panel.
import * as vscode from 'vscode';

const LENSES: [title: string, command: string][] = [
  ['$(play) Train', 'backprop.train'],
  ['$(debug-step-over) Step', 'backprop.step'],
  ['$(checklist) Gradient check', 'backprop.gradientCheck'],
  ['$(graph) Panel', 'backprop.showPanel'],
];

export function registerCodeLenses(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider({ pattern: '**/*.nn.json' }, {
    provideCodeLenses(doc) {
      const top = new vscode.Range(0, 0, 0, 0);
      return LENSES.map(([title, command]) => new vscode.CodeLens(top, { title, command, arguments: [doc.uri] }));
    },
  });
}
