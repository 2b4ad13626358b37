/** A phone form's submit: busy while it runs, a success toast and `then` when it worked, the server's message when not. */
import { useCallback, useState } from 'react';
import { Toast } from 'antd-mobile';

export function useSubmit(): [busy: boolean, submit: (work: () => Promise<string>, then?: () => void) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const submit = useCallback(async (work: () => Promise<string>, then?: () => void) => {
    setBusy(true);
    try {
      Toast.show({ icon: 'success', content: await work() });
      then?.();
    } catch (e) {
      Toast.show({ content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }, []);
  return [busy, submit];
}
