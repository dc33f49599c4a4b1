import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on a narrow screen: the scrolling region is focusable and named, so
 * it can be scrolled with the keyboard.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
