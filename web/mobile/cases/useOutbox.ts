import { useEffect, useRef, useState } from 'react';
import { useAuth } from '../../shared/auth';
import { listOutbox, subscribeOutbox, type OutboxEvent, type OutboxItem } from './outbox';

/** The signed-in account's queued reports, kept current; `onEvent` hears every queue event too. */
export function useOutbox(onEvent?: (e: OutboxEvent) => void): OutboxItem[] {
  const { user } = useAuth();
  const accountId = user ? String(user.id) : null;
  const [items, setItems] = useState<OutboxItem[]>([]);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!accountId) return;
    let alive = true;
    const load = () =>
      listOutbox(accountId)
        .then((list) => alive && setItems(list))
        .catch(() => undefined);
    void load();
    const off = subscribeOutbox((e) => {
      if (e.type === 'changed') void load();
      handler.current?.(e);
    });
    return () => {
      alive = false;
      off();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accountId]);
  return items;
}
