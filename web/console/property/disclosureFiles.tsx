/**
 * 公示附件 in the console: the publish dialog's upload list (each file is uploaded as it is picked,
 * checked by content on the server; the ids go with the publish call, so a disclosure is published
 * with all its files or not at all; removing a file before publishing deletes the upload) and the
 * attachment list of the disclosure drawer (open or download each file).
 */
import { Button, List, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError } from '../../shared/api';
import { useI18n } from '../i18n';
import { propertyApi, type DisclosureFile } from '../../shared/property/api';
import { formatSize } from '../../shared/property/text';

const TEXT = {
  'zh-CN': {
    label: '附件',
    add: '添加附件',
    hint: '合同、收支明细表扫描件、照片等：PDF、JPEG、PNG、WebP，单个不超过 {mb} MB，最多 {n} 个。图片会去除拍摄位置等信息。',
    uploading: '正在上传…',
    pdf: 'PDF',
    image: '图片',
    none: '无附件',
    open: '打开',
  },
  en: {
    label: 'Attachments',
    add: 'Add a file',
    hint: 'Contracts, scanned statements, photos: PDF, JPEG, PNG or WebP, at most {mb} MB each and {n} in all. Images lose their location and camera data.',
    uploading: 'Uploading…',
    pdf: 'PDF',
    image: 'Image',
    none: 'No attachments',
    open: 'Open',
  },
} as const;

export function useFilesText() {
  const { lang } = useI18n();
  const d = TEXT[lang] ?? TEXT['zh-CN'];
  return (key: keyof (typeof TEXT)['zh-CN'], vars: Record<string, string | number> = {}) => d[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** What the form keeps per file: antd's upload entry with the server's answer once stored. */
export type AttachmentEntry = UploadFile<DisclosureFile>;

/** The ids of the files stored without error, in the order shown. */
export function attachmentIds(entries: AttachmentEntry[] | undefined): string[] {
  return (entries ?? []).filter((e) => e.status === 'done' && e.response?.id).map((e) => e.response!.id);
}

/** A form control (value: AttachmentEntry[]) for the publish dialog. */
export function AttachmentsField(props: { value?: AttachmentEntry[]; onChange?: (v: AttachmentEntry[]) => void; maxMb?: number; maxFiles?: number }) {
  const ft = useFilesText();
  const { value = [], onChange, maxMb = 10, maxFiles = 10 } = props;
  return (
    <div data-testid="disclosure-new-files">
      <Upload<DisclosureFile>
        multiple
        accept=".pdf,application/pdf,image/jpeg,image/png,image/webp"
        fileList={value}
        maxCount={maxFiles}
        onChange={({ fileList }) => onChange?.(fileList)}
        customRequest={({ file, onSuccess, onError }) => {
          propertyApi
            .uploadFile(file as File)
            .then((stored) => onSuccess?.(stored))
            .catch((e: Error) => onError?.(e instanceof ApiError ? new Error(e.message) : e));
        }}
        onRemove={(f) => {
          // a stored upload that will not be published is removed from the server too
          if (f.status === 'done' && f.response?.id) propertyApi.removeFile(f.response.id).catch(() => undefined);
          return true;
        }}
        itemRender={(node, f) => (
          <div data-testid="disclosure-new-file" data-status={f.status} title={f.status === 'error' ? f.error?.message : undefined}>
            {node}
          </div>
        )}
      >
        <Button icon={<UploadOutlined />} disabled={value.length >= maxFiles} data-testid="disclosure-new-add-file">
          {ft('add')}
        </Button>
      </Upload>
      {value
        .filter((f) => f.status === 'error')
        .map((f) => (
          <div key={f.uid} className="gz-small" data-testid="disclosure-new-file-error">
            <Typography.Text type="danger">
              {f.name}：{f.error?.message}
            </Typography.Text>
          </div>
        ))}
      <Typography.Paragraph type="secondary" className="gz-small gz-mt4" style={{ marginBottom: 0 }}>
        {ft('hint', { mb: maxMb, n: maxFiles })}
      </Typography.Paragraph>
    </div>
  );
}

/** The attachments of a published disclosure, each opening in a new tab. */
export function AttachmentList({ files }: { files: DisclosureFile[] }) {
  const ft = useFilesText();
  if (!files.length) return null;
  return (
    <>
      <Typography.Title level={5}>
        <PaperClipOutlined /> {ft('label')}
      </Typography.Title>
      <List
        size="small"
        bordered
        className="gz-mb16"
        dataSource={files}
        data-testid="disclosure-drawer-files"
        renderItem={(f) => (
          <List.Item
            data-testid="disclosure-drawer-file"
            actions={[
              <a key="open" href={propertyApi.fileUrl(f.id)} target="_blank" rel="noopener noreferrer">
                {ft('open')}
              </a>,
            ]}
          >
            <Space>
              {f.mime.startsWith('image/') ? (
                <img src={propertyApi.fileUrl(f.id)} alt="" style={{ width: 40, height: 40, objectFit: 'cover', borderRadius: 4 }} />
              ) : (
                <Typography.Text strong type="danger">
                  {ft('pdf')}
                </Typography.Text>
              )}
              <span>{f.name}</span>
              <Typography.Text type="secondary" className="gz-small">
                {formatSize(f.size)} · SHA-256 {f.sha256.slice(0, 12)}…
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </>
  );
}
