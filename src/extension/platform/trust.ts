// What an untrusted (Restricted Mode) workspace may do: reading and checking specs yes; training workers and writing
// files no. Pure.

/** Session actions that start or drive a training worker, or write the spec. */
export type GatedAction =
  'Train' | 'Step' | 'Debug Training' | 'Gradient Check' | 'Reset Weights' | 'Write Weights to Spec';

/** Why `action` is refused in a workspace that is not trusted, or undefined when it may run. */
export function trustRefusal(action: GatedAction, trusted: boolean): string | undefined {
  if (trusted) return undefined;
  const what =
    action === 'Write Weights to Spec'
      ? 'writes trained weights into specs'
      : "trains networks (in worker threads that read the spec's data files)";
  return (
    `${action} is not available in Restricted Mode: Backprop Studio ${what} only in a trusted workspace. ` +
    'Checking, hovers and the panel work as usual; trust the workspace (Manage Workspace Trust) to train.'
  );
}
