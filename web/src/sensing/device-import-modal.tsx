/**
 * 批量导入: a CSV or JSON file of devices. The server imports all rows or none; when any row is
 * bad, every problem is listed here (row, column, reason) so the user fixes the file and sends it
 * again. On success the new tokens are offered once as a CSV download.
 */
import { useState } from 'react';
import { Alert, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useLocale, useT } from '../i18n/i18n.js';
import { csvFilename, downloadCsv, toCsv } from '../lib/csv.js';
import { describeError } from '../lib/describe-error.js';
import { formatNumber } from '../lib/format.js';
import { importDevices, type ImportRejection, type ImportResult } from './sensing-api.js';

const TEMPLATE =
  'id,type,name,lon,lat,reportingIntervalSeconds,departmentCode,installDate,metadata\r\n' +
  'wl-demo-001,WaterLevel,示范河水位站,119.65,29.10,300,,2026-05-01,"{""warningLevel"":3.2}"\r\n';

export interface DeviceImportModalProps {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}

export function DeviceImportModal({ open, onClose, onImported }: DeviceImportModalProps) {
  const t = useT();
  const { locale } = useLocale();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [rejected, setRejected] = useState<ImportRejection[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  const clear = () => {
    setFile(null);
    setRejected(null);
    setError(null);
    setResult(null);
  };

  const run = async () => {
    if (!file) return;
    setBusy(true);
    setRejected(null);
    setError(null);
    try {
      const kind = /\.json$/i.test(file.name) || /^\s*[[{]/.test(file.text) ? 'json' : 'csv';
      const answer = await importDevices(file.text, kind);
      if (answer.ok) {
        setResult(answer.result);
        onImported();
      } else {
        setRejected(answer.rejected);
        const d = describeError(answer.error, t);
        setError(answer.rejected.length > 0 ? t('sensing.import.rejected', { n: answer.rejected.length }) : `${d.message} ${d.hint}`);
      }
    } catch (err) {
      const d = describeError(err, t);
      setError(`${d.message} ${d.hint}`);
    } finally {
      setBusy(false);
    }
  };

  const downloadTokens = () => {
    if (!result) return;
    downloadCsv(
      csvFilename('device-tokens'),
      toCsv(result.devices, [
        { title: 'id', value: (d) => d.id },
        { title: 'token', value: (d) => d.token },
      ]),
    );
  };

  return (
    <Modal
      open={open}
      title={t('sensing.import.title')}
      width={760}
      onCancel={onClose}
      afterClose={clear}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" disabled={!file} loading={busy} onClick={() => void run()} data-testid="import-submit">
              {t('sensing.import.submit')}
            </Button>
          </Space>
        )
      }
    >
      {result ? (
        <div data-testid="import-done">
          <Alert type="success" showIcon title={t('sensing.import.done', { n: formatNumber(result.imported, locale) })} />
          <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('sensing.import.tokensOnce')} />
          <Button icon={<DownloadOutlined />} style={{ marginTop: 12 }} onClick={downloadTokens} data-testid="import-tokens">
            {t('sensing.import.downloadTokens')}
          </Button>
        </div>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('sensing.import.help')}</Typography.Paragraph>
          <Space wrap>
            <Upload
              accept=".csv,.json,text/csv,application/json"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                void f.text().then((text) => {
                  setFile({ name: f.name, text });
                  setRejected(null);
                  setError(null);
                });
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="import-choose">
                {t('sensing.import.choose')}
              </Button>
            </Upload>
            <Button type="link" icon={<DownloadOutlined />} onClick={() => downloadCsv('devices-template.csv', TEMPLATE)}>
              {t('sensing.import.template')}
            </Button>
          </Space>
          {file && (
            <div style={{ marginTop: 8 }} data-testid="import-file">
              {t('sensing.import.file', {
                name: file.name,
                n: formatNumber(Math.max(0, file.text.trim().split(/\r?\n/).length - 1), locale),
              })}
            </div>
          )}
          {error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} data-testid="import-error" />}
          {rejected && rejected.length > 0 && (
            <Table<ImportRejection>
              style={{ marginTop: 12 }}
              size="small"
              rowKey={(r) => `${r.row}:${r.field}:${r.reason}`}
              dataSource={rejected}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              data-testid="import-rejected"
              columns={[
                { title: t('sensing.import.row'), dataIndex: 'row', width: 70 },
                {
                  title: t('sensing.import.field'),
                  dataIndex: 'field',
                  width: 160,
                  render: (v: string) => <span className="zc-mono">{v}</span>,
                },
                { title: t('sensing.import.reason'), dataIndex: 'reason' },
              ]}
            />
          )}
        </>
      )}
    </Modal>
  );
}
