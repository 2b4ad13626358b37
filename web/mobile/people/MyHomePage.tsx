/**
 * 我的房屋 (/my-home): a resident binds their account to their home by the name and ID number
 * the community registered (实名绑定). Bound, the page shows the address, community, grid and the
 * number of people in the household; the ID number is never shown. The server's messages (no
 * match, already bound, too many tries) are shown as they say.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Dialog, Input, List, Tag, Toast } from 'antd-mobile';
import { propertyApi, type MyHome } from '../../shared/property/api';
import { PropertyPage, Show, useLoaded, useSubmit } from '../property/common';
import { usePropertyText } from '../../shared/property/text';

function BindForm({ home, onBound }: { home: Extract<MyHome, { bound: false }>; onBound: (h: MyHome) => void }) {
  const { pt } = usePropertyText();
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const { busy, error, setError, run } = useSubmit();
  const submit = () => {
    if (!name.trim() || !idNumber.trim()) return setError(pt('myHome.required'));
    void run(async () => {
      const h = await propertyApi.bindHome({ name: name.trim(), idNumber: idNumber.trim() });
      Toast.show({ icon: 'success', content: pt('myHome.bound') });
      onBound(h);
    });
  };
  return (
    <div className="m-section" data-testid="m-home-form">
      <div className="m-list-meta">{pt('myHome.intro')}</div>
      <div className="m-form-label">{pt('myHome.name')}</div>
      <Input className="m-input" value={name} onChange={setName} placeholder={pt('myHome.namePlaceholder')} maxLength={50} data-testid="m-home-name" />
      <div className="m-form-label">{pt('myHome.idNumber')}</div>
      <Input className="m-input" value={idNumber} onChange={setIdNumber} placeholder={pt('myHome.idPlaceholder')} maxLength={18} data-testid="m-home-id" />
      {home.failuresToday > 0 && <div className="m-muted">{pt('myHome.tries', { n: home.failuresToday, max: home.maxFailures })}</div>}
      {error && (
        <div className="m-reason-error" data-testid="m-home-error">
          {error}
        </div>
      )}
      <Button color="primary" block loading={busy} onClick={submit} data-testid="m-home-bind">
        {pt('myHome.bind')}
      </Button>
    </div>
  );
}

function BoundHome({ home, onUnbound }: { home: Extract<MyHome, { bound: true }>; onUnbound: (h: MyHome) => void }) {
  const { pt } = usePropertyText();
  const unbind = async () => {
    const ok = await Dialog.confirm({ content: pt('myHome.unbindConfirm') });
    if (!ok) return;
    try {
      onUnbound(await propertyApi.unbindHome());
    } catch (e) {
      Toast.show({ content: (e as Error).message });
    }
  };
  return (
    <div data-testid="m-home-bound">
      <List header={<span>{home.name} <Tag color="success">{pt('myHome.bound')}</Tag></span>}>
        <List.Item extra={<span data-testid="m-home-address">{home.address ?? '—'}</span>}>{pt('myHome.address')}</List.Item>
        <List.Item extra={home.community}>{pt('myHome.community')}</List.Item>
        <List.Item extra={home.grid.name}>{pt('myHome.grid')}</List.Item>
        <List.Item extra={home.members}>{pt('myHome.members')}</List.Item>
      </List>
      <div className="m-section">
        <Button block onClick={() => void unbind()} data-testid="m-home-unbind">
          {pt('myHome.unbind')}
        </Button>
      </div>
    </div>
  );
}

export default function MyHomePage() {
  const { pt } = usePropertyText();
  const navigate = useNavigate();
  const state = useLoaded((signal) => propertyApi.myHome(signal), 'home');
  const set = (h: MyHome) => state.update(() => h);
  return (
    <PropertyPage title={pt('myHome.title')} testId="m-my-home" onBack={() => navigate(-1)}>
      <Show state={state}>{(home) => (home.bound ? <BoundHome home={home} onUnbound={set} /> : <BindForm home={home} onBound={set} />)}</Show>
    </PropertyPage>
  );
}
