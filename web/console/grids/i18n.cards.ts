/** UI strings of the contact cards (网格连心卡): printing them, and what they print. */
import { dictionary } from '../../shared/i18n';

export const cardMessages = dictionary({
  'cards.print': '打印联系卡',
  'cards.png': '联系卡图片',
  'cards.printCommunity': '打印本社区联系卡',
  'cards.workPhone': '工作电话',
  'cards.workPhoneTitle': '设置工作电话',
  'cards.workPhoneHint': '印在网格连心卡上，居民可见。请填写工作号码，不要填写个人手机；留空则不印。',
  'cards.hotline': '服务热线',
  'cards.hotlineTitle': '设置服务热线',
  'cards.hotlineHint': '印在本辖区各网格的连心卡上，居民可见；留空则不印。',
  'cards.phoneInvalid': '请填写电话号码（数字，可含空格、短横线）',
  'cards.saved': '已保存',
  'cards.photoAdd': '上传照片',
  'cards.photoChange': '更换照片',
  'cards.photoSaved': '照片已保存，将印在连心卡上',
}, {
  'cards.print': 'Print contact card',
  'cards.png': 'Card image',
  'cards.printCommunity': 'Print the community\'s contact cards',
  'cards.workPhone': 'Work phone',
  'cards.workPhoneTitle': 'Set the work phone',
  'cards.workPhoneHint': 'Printed on the grid\'s contact card, for residents to see. Give a work number, not a private mobile; leave empty to print none.',
  'cards.hotline': 'Service hotline',
  'cards.hotlineTitle': 'Set the service hotline',
  'cards.hotlineHint': 'Printed on the contact cards of every grid here, for residents to see; leave empty to print none.',
  'cards.phoneInvalid': 'Give a phone number (digits, spaces and dashes)',
  'cards.saved': 'Saved',
  'cards.photoAdd': 'Add photo',
  'cards.photoChange': 'Change photo',
  'cards.photoSaved': 'Photo saved; it is printed on the contact card',
});
