/** A page's section while it loads: a title and `lines` lines of grey bars. */
import { Skeleton } from 'antd-mobile';

export function SectionSkeleton({ lines = 6 }: { lines?: number }) {
  return (
    <div className="m-section">
      <Skeleton.Title animated />
      <Skeleton.Paragraph lineCount={lines} animated />
    </div>
  );
}
