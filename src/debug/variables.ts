// The Variables view's references: which worker path each scope and expandable value stands for, and the path of
// each child the view was given (setVariable and data breakpoints name a child by its parent and name). The worker
// formats the values; a reference is valid only until the session moves, because the values it points at change.
import { Handles, Scope } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugVariable } from '../protocol';

/** The scopes of every frame, by name and the worker path of their variables. */
export const SCOPES: readonly (readonly [name: string, path: string])[] = [
  ['Parameters', 'scope:parameters'],
  ['Forward', 'scope:forward'],
  ['Backward', 'scope:backward'],
  ['Optimizer state', 'scope:optimizer'],
  ['Training', 'scope:training'],
];

export class VariableReferences {
  private readonly handles = new Handles<string>();
  /** By `reference␀name`: the path of each child the view was given. */
  private readonly childPaths = new Map<string, string>();

  scopes(): Scope[] {
    return SCOPES.map(([name, path]) => new Scope(name, this.handles.create(path), false));
  }

  /** The worker path `reference` stands for, or undefined when it was given out before the last move. */
  pathOf(reference: number): string | undefined {
    return this.handles.get(reference);
  }

  /** The path of child `name` of `reference`; a name not given out (a client's own expression) is its own path. */
  childPath(reference: number, name: string): string {
    return this.childPaths.get(`${reference}\0${name}`) ?? name;
  }

  /** `v`, a child of `parent` (0: none), as the client shows it; expandable values get a reference to their path. */
  variable(v: DebugVariable, parent: number): DebugProtocol.Variable {
    if (v.path) this.childPaths.set(`${parent}\0${v.name}`, v.path);
    const expandable = (v.indexed ?? 0) > 0 || (v.named ?? 0) > 0;
    const out: DebugProtocol.Variable = {
      name: v.name,
      value: v.value,
      variablesReference: expandable && v.path ? this.handles.create(v.path) : 0,
    };
    if (v.type) out.type = v.type;
    if (v.indexed) out.indexedVariables = v.indexed;
    if (v.named) out.namedVariables = v.named;
    // A scope's path (`scope:…`) is not an expression Watch could evaluate.
    if (v.path && !v.path.includes(':')) out.evaluateName = v.path;
    return out;
  }

  /** Drops every reference: the session moved, so the values they pointed at are gone. */
  forget(): void {
    this.handles.reset();
    this.childPaths.clear();
  }
}
