/**
 * Leaflet with the Geoman editor. Geoman's bundle extends the global `L`, so the ES module import
 * of Leaflet is published on window first (leaflet-global.ts is evaluated before the plugin).
 */
import { L } from './leaflet-global';
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';

export { L };
