import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { I18nProvider } from './i18n';
import { AuthProvider } from '../shared/auth';
import App from './App';
import './styles.css';

// the app opens with no signal once it has been opened with one (service worker: web/public/m/sw.js)
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  // scope '/m' (the server allows it) so that /m itself, the home page, is controlled as well as /m/…
  window.addEventListener('load', () => navigator.serviceWorker.register('/m/sw.js', { scope: '/m' }).catch(() => undefined));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter basename="/m">
      <I18nProvider>
        <AuthProvider offline>
          <App />
        </AuthProvider>
      </I18nProvider>
    </BrowserRouter>
  </StrictMode>,
);
