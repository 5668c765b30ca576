import { h } from 'preact';
import type { IconNode } from 'lucide';

interface Props {
  /** A Lucide icon's drawing, imported by name from 'lucide' (tree-shaken: only the icons used ship). */
  icon: IconNode;
  size?: number;
  strokeWidth?: number;
  /** 'currentColor' for a solid shape (Play). */
  fill?: string;
  class?: string;
}

/**
 * A Lucide icon as inline SVG, hidden from assistive technology: the button or link around it
 * carries the words. Lucide's own Preact components cost ~1 kB gzip of runtime the page entry
 * cannot spare; the drawings are the same.
 */
export function Icon({ icon, size = 20, strokeWidth = 2, fill = 'none', class: className }: Props) {
  return (
    <svg
      class={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={fill}
      stroke="currentColor"
      stroke-width={strokeWidth}
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {icon.map(([tag, attributes]) => h(tag, attributes))}
    </svg>
  );
}
