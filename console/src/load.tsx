/** Loading what a view shows: one hook, and the loading / error states every view prints the same way. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly data: T }
  | { readonly state: 'error'; readonly error: unknown };

/** Runs `load` when `inputs` change; `reload` runs it again (after a save, a generate). */
export function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[]) {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  // `load` is a new closure each render: `inputs` say when what it loads changes.
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    load().then(
      (data) => current && setLoaded({ state: 'ok', data }),
      (error: unknown) => current && setLoaded({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [...inputs, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { loaded, reload };
}

/**
 * An officer's action (save, send, generate, publish…): which one is running (buttons say so and wait) and
 * the error of the last one, cleared when the next starts.
 */
export function useAction<Name extends string = 'run'>() {
  const [running, setRunning] = useState<Name | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (name: Name, action: () => Promise<void>) => {
    setRunning(name);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(null);
    }
  };
  return { running, error, run };
}

/** An error as the officer reads it: the Chinese summary, each field at fault, the API's detail folded. */
export function ErrorNote({ error }: { error: unknown }) {
  const summary = error instanceof ApiError ? error.summary : '出现意外错误。';
  const detail = error instanceof ApiError ? error.detail : String(error);
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div class="note note-error" role="alert">
      <p>{summary}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((issue) => (
            <li key={issue.path}>
              <code>{issue.path}</code>：{issue.message}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>技术细节</summary>
        <p class="detail">{detail}</p>
      </details>
    </div>
  );
}

/** What a view prints while loading, on error (`notFound`: what a 404 means there), or with its data. */
export function Show<T>(props: {
  loaded: Loaded<T>;
  notFound?: string;
  children: (data: T) => ComponentChildren;
}) {
  const { loaded, children } = props;
  if (loaded.state === 'loading') return <p class="muted">正在加载…</p>;
  if (loaded.state === 'error') {
    if (props.notFound && loaded.error instanceof ApiError && loaded.error.status === 404) {
      return <p class="note note-warn">{props.notFound}</p>;
    }
    return <ErrorNote error={loaded.error} />;
  }
  return <>{children(loaded.data)}</>;
}

/**
 * A wide table's own scrolling box: the page never scrolls sideways. Named, and focusable so that a
 * keyboard can scroll it.
 */
export function ScrollBox(props: { label?: string; labelledBy?: string; children: ComponentChildren }) {
  return (
    <section
      class="table-scroll"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      tabIndex={0}
      {...(props.labelledBy ? { 'aria-labelledby': props.labelledBy } : { 'aria-label': props.label })}
    >
      {props.children}
    </section>
  );
}
