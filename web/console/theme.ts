import type { ThemeConfig } from 'antd';

/** Party-building red with restrained gold accents, as is customary for government consoles. */
export const PRIMARY = '#c8161d';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorLink: '#b3141a',
    colorInfo: '#1d5fa8',
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
    colorBgLayout: '#f3f4f7',
  },
  components: {
    Layout: {
      headerBg: '#b3141a',
      headerHeight: 56,
      headerPadding: '0 20px',
      siderBg: '#ffffff',
    },
    Menu: {
      itemSelectedBg: '#fdecec',
      itemSelectedColor: PRIMARY,
      itemBorderRadius: 4,
    },
    Table: {
      headerBg: '#f7f7f9',
    },
    Card: {
      headerFontSize: 15,
    },
  },
};
