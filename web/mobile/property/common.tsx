/** Pieces shared by the mobile property pages: a page frame, loading one answer, showing it. */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button, ErrorBlock, NavBar, Skeleton, TextArea } from 'antd-mobile';
import { usePropertyText } from '../../shared/property/text';
import { useLoad, type Loaded } from '../../shared/useLoad';
import './property.css';

/** Calls `load` when the page opens and whenever `key` changes (aborting the previous call). */
export function useLoaded<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Loaded<T> {
  return useLoad(load, [key]);
}

/** A skeleton while loading, the server's message with a retry on failure, else the children. */
export function Show<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  const { pt } = usePropertyText();
  if (state.failure)
    return (
      <ErrorBlock status="default" title={pt('common.loadFailed')} description={state.failure.message} data-testid="m-prop-error">
        <Button color="primary" size="small" onClick={state.reload}>
          {pt('common.retry')}
        </Button>
      </ErrorBlock>
    );
  if (state.data === null)
    return (
      <div className="m-section">
        <Skeleton.Paragraph lineCount={6} animated />
      </div>
    );
  return <>{children(state.data)}</>;
}

/** The red bar with a title (and a back arrow when `onBack` is given) over the page. */
export function PropertyPage({
  title,
  testId,
  onBack,
  children,
}: {
  title: ReactNode;
  testId: string;
  onBack?: () => void;
  children: ReactNode;
}) {
  return (
    <div className="m-page m-prop" data-testid={testId}>
      <NavBar onBack={onBack} back={onBack ? '' : null} className="m-navbar">
        {title}
      </NavBar>
      {children}
    </div>
  );
}

/** A form's send: busy while it runs, the server's message (or a check's) as `error`. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (send: () => Promise<void>, onError?: (e: unknown) => void) => {
    setBusy(true);
    setError(null);
    try {
      await send();
    } catch (e) {
      setError((e as Error).message);
      onError?.(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** A grey text box with the message under it when there is one. */
export function TextBox(props: {
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  rows: number;
  maxLength: number;
  error?: string | null;
  testId: string;
}) {
  const { error, testId, ...area } = props;
  return (
    <>
      <TextArea className="m-textarea" {...area} showCount data-testid={testId} />
      {error && (
        <div className="m-reason-error" data-testid={`${testId}-error`}>
          {error}
        </div>
      )}
    </>
  );
}
