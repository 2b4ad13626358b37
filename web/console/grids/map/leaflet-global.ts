import { L } from '../../../shared/gridmap';

(window as unknown as { L: typeof L }).L = L;

export { L };
