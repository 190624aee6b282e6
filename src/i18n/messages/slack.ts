/** Sentences only the Slack adapter shows: modal buttons and labels, the command hint. */
export const zh = {
  'slack.hint': '在 Slack 中请在命令前加 /xinbao，例如：/xinbao submit、/xinbao start 邀请码、/xinbao status。',
  'slack.modal.submit': '提交',
  'slack.modal.close': '取消',
  'slack.select.placeholder': '请选择',
  'slack.form.submit': '报送信息',
  'slack.form.edit': '修改信息',
  'slack.form.withdraw': '撤回',
  'slack.form.find': '查找信息',
  'slack.field.title': '标题（1–60 字）',
  'slack.field.body': '正文（20–5000 字）',
  'slack.field.category': '类别',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'slack.hint': 'In Slack, put /xinbao before each command, e.g. /xinbao submit, /xinbao start CODE, /xinbao status.',
  'slack.modal.submit': 'Submit',
  'slack.modal.close': 'Cancel',
  'slack.select.placeholder': 'Choose',
  'slack.form.submit': 'Submit an item',
  'slack.form.edit': 'Edit an item',
  'slack.form.withdraw': 'Withdraw',
  'slack.form.find': 'Find items',
  'slack.field.title': 'Title (1–60 characters)',
  'slack.field.body': 'Body (20–5000 characters)',
  'slack.field.category': 'Category',
};
