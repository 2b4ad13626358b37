/** The selected grid beside the map: its facts, boundary edit and delete, its staff. */
import { App as AntApp, Button, Descriptions, Divider, Drawer, Popconfirm, Space } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import type { Grid } from '../../shared/types';
import { formatArea } from '../../shared/gridmap';
import { useI18n } from '../i18n';
import { GridKindTag } from './gridsCommon';
import { StaffAddForm, StaffSection } from './GridStaff';
import { GridCardButtons } from './GridCards';

export function GridDetailDrawer(props: {
  selected: Grid | null;
  canEdit: boolean;
  /** A boundary is edited or a grid drawn: the buttons wait. */
  busy: boolean;
  editing: boolean;
  onClose: () => void;
  onEditBoundary: (code: string) => void;
  onDelete: (g: Grid) => void;
  onChanged: (g: Grid) => void;
  showError: (title: string, e: unknown) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const { selected, canEdit, busy, editing, onClose, onEditBoundary, onDelete, onChanged, showError } = props;

  const onRemoveStaff = async (staffId: string | number) => {
    if (!selected) return;
    try {
      const g = await api.removeGridStaff(selected.code, staffId);
      onChanged(g);
      message.success(t('grids.staff.removed'));
    } catch (e) {
      showError(t('grids.staff.removeFailed'), e);
    }
  };

  return (
    <Drawer
      open={!!selected}
      onClose={() => {
        if (!editing) onClose();
      }}
      mask={false}
      width={440}
      title={
        selected && (
          <Space>
            <span className={`gz-grid-num gz-grid-num-${selected.kind}`}>{selected.number}</span>
            <span data-testid="grid-detail-name">{selected.name}</span>
          </Space>
        )
      }
      rootClassName="gz-grid-drawer"
      destroyOnHidden
    >
      {selected && (
        <div data-testid="grid-detail">
          <Descriptions
            size="small"
            column={1}
            bordered
            className="gz-detail-desc"
            items={[
              { key: 'code', label: t('grids.code'), children: <span className="gz-mono" data-testid="grid-detail-code">{selected.code}</span> },
              { key: 'kind', label: t('grids.kind'), children: <GridKindTag grid={selected} /> },
              { key: 'community', label: t('grids.community'), children: `${selected.streetName} / ${selected.communityName}` },
              { key: 'area', label: t('grids.area'), children: <span data-testid="grid-detail-area">{formatArea(selected.areaM2, lang)}</span> },
            ]}
          />
          <div className="gz-mt12">
            <GridCardButtons grid={selected} />
          </div>
          {canEdit && (
            <Space className="gz-mt12" wrap>
              <Button
                icon={<EditOutlined />}
                onClick={() => onEditBoundary(selected.code)}
                disabled={!selected.geometry || busy}
                data-testid="grid-edit-boundary"
              >
                {t('grids.editBoundary')}
              </Button>
              <Popconfirm
                title={t('grids.deleteConfirm', { name: selected.name })}
                okText={t('m.confirm')}
                cancelText={t('m.cancel')}
                onConfirm={() => onDelete(selected)}
              >
                <Button danger icon={<DeleteOutlined />} disabled={busy}>
                  {t('grids.delete')}
                </Button>
              </Popconfirm>
            </Space>
          )}

          <Divider orientation="left" plain>
            {t('grids.staff')}
          </Divider>
          <StaffSection grid={selected} canEdit={canEdit} onRemove={onRemoveStaff} onChanged={onChanged} />

          {canEdit && (
            <StaffAddForm
              key={selected.code}
              grid={selected}
              onAdded={(g) => {
                onChanged(g);
                message.success(t('grids.staff.added'));
              }}
              onError={(e) => showError(t('grids.staff.addFailed'), e)}
            />
          )}
        </div>
      )}
    </Drawer>
  );
}
