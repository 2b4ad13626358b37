import { defineErrors } from '../../core/http/errors.js';

defineErrors({
  notification_not_found: { status: 404, zh: '通知 {id} 不存在。', en: 'Notification {id} does not exist.' },
});
