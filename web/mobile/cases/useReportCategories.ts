/** The categories a report can take: from the server when there is a signal, else what was cached last time. */
import { useEffect, useState } from 'react';
import type { Category } from '../../shared/cases';
import { cachedCategories, isNetworkError, loadCategories } from './common';
import type { useCaseText } from './text';

export function useReportCategories(ct: ReturnType<typeof useCaseText>['ct']): { categories: Category[] | null; catNote: string | null } {
  const [categories, setCategories] = useState<Category[] | null>(() => cachedCategories());
  const [catNote, setCatNote] = useState<string | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    loadCategories(ac.signal)
      .then((items) => {
        setCategories(items);
        setCatNote(null);
      })
      .catch((e) => {
        if (ac.signal.aborted) return;
        setCatNote(cachedCategories() ? ct('report.categoriesOffline') : isNetworkError(e) ? ct('report.categoriesFailed') : (e as Error).message);
      });
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return { categories, catNote };
}
