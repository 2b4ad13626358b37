/**
 * The details of each of an account's regions (GET /api/regions/{code}), loaded once per set of
 * codes; a region whose load failed maps to its Error.
 */
import { useEffect, useState } from 'react';
import { api } from './api';
import type { RegionDetail } from './types';

export function useRegionDetails(codes: string[]): Record<string, RegionDetail | Error> {
  const [details, setDetails] = useState<Record<string, RegionDetail | Error>>({});
  const codesKey = codes.join(',');

  useEffect(() => {
    let cancelled = false;
    for (const code of codesKey ? codesKey.split(',') : []) {
      api
        .region(code)
        .then((d) => !cancelled && setDetails((prev) => ({ ...prev, [code]: d })))
        .catch((e) => !cancelled && setDetails((prev) => ({ ...prev, [code]: e as Error })));
    }
    return () => {
      cancelled = true;
    };
  }, [codesKey]);

  return details;
}
