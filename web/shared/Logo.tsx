/** The 共 mark of the console and the phone. */
export function Logo({ size = 32, className }: { size?: number; className?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" className={className}>
      <rect width="64" height="64" rx="14" fill="#ffd666" />
      <rect x="4" y="4" width="56" height="56" rx="11" fill="#c8161d" />
      <text
        x="32"
        y="44"
        fontSize="34"
        textAnchor="middle"
        fill="#ffd666"
        fontWeight="700"
        fontFamily="'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif"
      >
        共
      </text>
    </svg>
  );
}
