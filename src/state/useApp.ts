/** The React binding: the store comes from context, components select what they read. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from './store.ts';
import type { AppState } from './types.ts';

export const AppStoreContext = createContext<AppStore | null>(null);

export function useApp<T>(selector: (state: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (store === null) throw new Error('useApp needs an <AppStoreContext.Provider> above it');
  return useStore(store, selector);
}
