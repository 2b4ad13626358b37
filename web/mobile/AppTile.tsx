/** A tile of the phone's home page that opens one of its pages. */
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Grid } from 'antd-mobile';

export function AppTile(props: {
  to: string;
  /** data-testid `m-app-<id>`; the icon's class `m-tile-icon-<iconClass ?? id>` */
  id: string;
  iconClass?: string;
  icon: string;
  name: ReactNode;
  sub: ReactNode;
  subTestId?: string;
  /** A count on the icon (none when null). */
  badge?: { content: ReactNode; testId: string };
}) {
  const navigate = useNavigate();
  const icon = <span className={`m-tile-icon m-tile-icon-${props.iconClass ?? props.id}`}>{props.icon}</span>;
  return (
    <Grid.Item>
      <button type="button" className="m-tile m-app-tile" onClick={() => navigate(props.to)} data-testid={`m-app-${props.id}`}>
        {props.badge ? (
          <Badge content={props.badge.content} className="m-tile-badge" data-testid={props.badge.testId}>
            {icon}
          </Badge>
        ) : (
          icon
        )}
        <span className="m-tile-name">{props.name}</span>
        <span className="m-tile-sub" data-testid={props.subTestId}>
          {props.sub}
        </span>
      </button>
    </Grid.Item>
  );
}
