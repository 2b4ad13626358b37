/**
 * What the red property tabs share: the page's region, a change counter, and the two actions on
 * a body (owners' committee, property company, outlet): 建立党组织 and 派驻党建指导员 (and 结束指导).
 */
import { App as AntApp, Button, Popconfirm, Space, Tooltip } from 'antd';
import { FlagOutlined, UserSwitchOutlined } from '@ant-design/icons';
import type { ScopeRoot } from '../../shared/types';
import { useI18n } from '../i18n';
import { todayStr } from '../people/peopleCommon';
import { partyApi } from '../party/partyApi';
import type { BodyKind, InstructorRef, OrgRef } from '../party/partyApi';
import type { OrgPrefill } from '../party/OrgModal';
import type { InstructorTarget } from './InstructorModal';

export interface PropertyCtx {
  region: string | null;
  setRegion: (code: string) => void;
  roots: ScopeRoot[] | null;
  /** Changes after every write, so the tabs read again. */
  nonce: number;
  changed: () => void;
  createOrg: (prefill: OrgPrefill) => void;
  assignInstructor: (target: InstructorTarget) => void;
  openOrg: (orgId: number) => void;
}

export function BodyActions(props: {
  ctx: PropertyCtx;
  kind: BodyKind;
  id: number;
  /** How the body is called (e.g. "站东新村业委会"). */
  name: string;
  region: string;
  org: OrgRef | null | undefined;
  instructor: InstructorRef | null | undefined;
  size?: 'small' | 'middle';
}) {
  const { t } = useI18n();
  const { ctx, kind, id, name, region, org, instructor } = props;
  return (
    <Space size={0} wrap>
      <Tooltip title={org ? t('party.action.hasOrg') : undefined}>
        <Button
          size={props.size ?? 'small'}
          type="link"
          icon={<FlagOutlined />}
          disabled={!!org}
          onClick={() =>
            ctx.createOrg({ name: t('party.org.defaultName', { unit: name }), kind: 'branch', regionCode: region, attached: { kind, ref: String(id) } })
          }
          data-testid="body-create-org"
        >
          {t('party.action.createOrg')}
        </Button>
      </Tooltip>
      <Tooltip title={org ? t('party.action.hasOrg') : instructor ? t('party.action.hasInstructor', { name: instructor.name }) : undefined}>
        <Button
          size={props.size ?? 'small'}
          type="link"
          icon={<UserSwitchOutlined />}
          disabled={!!org || !!instructor}
          onClick={() => ctx.assignInstructor({ kind, id, name, region })}
          data-testid="body-assign-instructor"
        >
          {t('party.action.assignInstructor')}
        </Button>
      </Tooltip>
      {instructor && <EndInstructor ctx={ctx} instructor={instructor} size={props.size} />}
    </Space>
  );
}

/** 结束指导: the instructor's assignment ends today (kept, with its dates); the body is then uncovered again. */
function EndInstructor(props: { ctx: PropertyCtx; instructor: InstructorRef; size?: 'small' | 'middle' }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const end = async () => {
    try {
      await partyApi.endInstructor(props.instructor.id, todayStr());
      message.success(t('party.instructor.ended', { name: props.instructor.name }));
      props.ctx.changed();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Popconfirm title={t('party.instructor.endConfirm', { name: props.instructor.name })} onConfirm={end}>
      <Button size={props.size ?? 'small'} type="link" danger data-testid="body-end-instructor">
        {t('party.instructor.end')}
      </Button>
    </Popconfirm>
  );
}
