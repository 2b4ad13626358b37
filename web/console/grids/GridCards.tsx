/**
 * Contact cards (网格连心卡) in the console: print a grid's card (PDF, or a PNG to share), a whole community's cards
 * on A4 sheets, and set what the cards print — a worker's work number, the community's service hotline.
 */
import { App as AntApp, Button, Form, Input, Space, Upload } from 'antd';
import { CameraOutlined, EditOutlined, FileImageOutlined, PrinterOutlined } from '@ant-design/icons';
import { download, request, upload } from '../../shared/api';
import type { ApiResult } from '../../shared/apiTypes';
import { useCan } from '../../shared/auth';
import type { Grid } from '../../shared/types';
import { FormModal, useDialog } from '../FormModal';
import { useI18n } from '../i18n';

/** A phone number as the server accepts it (digits, spaces and dashes, an optional leading +). */
const PHONE = /^\+?[0-9][0-9 -]{3,18}[0-9]$/;

function useDownload() {
  const { message } = AntApp.useApp();
  return (path: string, name: string) => download(path, undefined, name).catch((e) => message.error((e as Error).message));
}

/** 打印联系卡 / 图片 for one basic grid. */
export function GridCardButtons({ grid }: { grid: Pick<Grid, 'code' | 'kind'> }) {
  const { t } = useI18n();
  const save = useDownload();
  if (grid.kind !== 'basic') return null;
  const base = `/api/grids/${encodeURIComponent(grid.code)}`;
  return (
    <Space wrap>
      <Button icon={<PrinterOutlined />} onClick={() => save(`${base}/card.pdf`, `grid-card-${grid.code}.pdf`)} data-testid="grid-card-pdf">
        {t('cards.print')}
      </Button>
      <Button icon={<FileImageOutlined />} onClick={() => save(`${base}/card.png`, `grid-card-${grid.code}.png`)} data-testid="grid-card-png">
        {t('cards.png')}
      </Button>
    </Space>
  );
}

/** 打印联系卡 for every basic grid of a community: ten to an A4 page, with crop marks. */
export function CommunityCardsButton({ code }: { code: string }) {
  const { t } = useI18n();
  const save = useDownload();
  return (
    <Button icon={<PrinterOutlined />} onClick={() => save(`/api/regions/${encodeURIComponent(code)}/grid-cards.pdf`, `grid-cards-${code}.pdf`)} data-testid="community-cards-pdf">
      {t('cards.printCommunity')}
    </Button>
  );
}

interface PhoneValues { phone: string; }

function PhoneModal(props: { open: boolean; onClose: () => void; title: string; label: string; hint: string; value: string | null; testId: string; onSave: (v: string | null) => Promise<void> }) {
  const { t } = useI18n();
  return (
    <FormModal<PhoneValues>
      open={props.open}
      onClose={props.onClose}
      title={props.title}
      hint={props.hint}
      testId={props.testId}
      initialValues={{ phone: props.value ?? '' }}
      onSubmit={async (v) => {
        await props.onSave(v.phone.trim() || null);
        return t('cards.saved');
      }}
    >
      <Form.Item name="phone" label={props.label} rules={[{ pattern: PHONE, message: t('cards.phoneInvalid') }]}>
        <Input maxLength={20} placeholder="0471-6912345" data-testid={`${props.testId}-input`} />
      </Form.Item>
    </FormModal>
  );
}

/** A worker's work number (工作电话) and card photo beside their name, with 编辑 / 照片 for those who staff grids. */
export function WorkPhone(props: { grid: Grid; staffId: string | number; workPhone: string | null; hasPhoto: boolean; canEdit: boolean; onChanged: (g: Grid) => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [, setDialog, dialog] = useDialog<'phone'>();
  const staffPath = `/api/grids/${encodeURIComponent(props.grid.code)}/staff/${encodeURIComponent(String(props.staffId))}`;
  return (
    <span className="gz-muted" data-testid={`staff-work-phone-${props.staffId}`}>
      {t('cards.workPhone')}: {props.workPhone ?? '—'}
      {props.canEdit && (
        <>
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setDialog('phone')} data-testid={`staff-work-phone-edit-${props.staffId}`} />
          <Upload
            accept="image/jpeg,image/png,image/webp"
            showUploadList={false}
            customRequest={({ file }) => {
              upload<Grid>(`${staffPath}/photo`, {}, file as File)
                .then((g) => {
                  props.onChanged(g);
                  message.success(t('cards.photoSaved'));
                })
                .catch((e) => message.error((e as Error).message));
            }}
          >
            <Button size="small" type="link" icon={<CameraOutlined />} data-testid={`staff-photo-${props.staffId}`}>
              {props.hasPhoto ? t('cards.photoChange') : t('cards.photoAdd')}
            </Button>
          </Upload>
          <PhoneModal
            {...dialog('phone')}
            title={t('cards.workPhoneTitle')}
            label={t('cards.workPhone')}
            hint={t('cards.workPhoneHint')}
            value={props.workPhone}
            testId="work-phone"
            onSave={async (phone) => {
              const g = await request<Grid>(staffPath, { method: 'PUT', body: { workPhone: phone } });
              props.onChanged(g);
            }}
          />
        </>
      )}
    </span>
  );
}

/** A street's or community's service hotline (社区服务热线), with 编辑 for the offices that run it. */
export function RegionHotline(props: { code: string; hotline: string | null; onChanged: (hotline: string | null) => void }) {
  const { t } = useI18n();
  const can = useCan();
  const [, setDialog, dialog] = useDialog<'hotline'>();
  return (
    <span data-testid="region-hotline">
      {props.hotline ?? <span className="gz-muted">—</span>}
      {can('regions.editHotline') && (
        <>
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setDialog('hotline')} data-testid="region-hotline-edit" />
          <PhoneModal
            {...dialog('hotline')}
            title={t('cards.hotlineTitle')}
            label={t('cards.hotline')}
            hint={t('cards.hotlineHint')}
            value={props.hotline}
            testId="hotline"
            onSave={async (hotline) => {
              const r = await request<ApiResult<'/api/regions/{code}/hotline', 'put'>>(`/api/regions/${encodeURIComponent(props.code)}/hotline`, { method: 'PUT', body: { hotline } });
              props.onChanged(r.hotline);
            }}
          />
        </>
      )}
    </span>
  );
}
