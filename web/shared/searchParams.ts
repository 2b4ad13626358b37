/** The address's `?name=` parameters as page state (a tab, the region, the open record). */
import type { SetURLSearchParams } from 'react-router-dom';

/**
 * Sets one `?name=` of the address, keeping the others; an empty value (null, '') removes it.
 * `replace` replaces the history entry instead of adding one.
 */
export function setSearchParam(setParams: SetURLSearchParams, name: string, value: string | null, replace: boolean): void {
  setParams(
    (prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    },
    { replace },
  );
}
