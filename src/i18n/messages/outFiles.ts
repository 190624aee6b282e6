/** What goes with files and places sent out with a message (an urgent alert's photos; docs/urgent.md). */
export const zh = {
  'out.fileMissing': '⚠️ 附件“{name}”未能附上（文件已不在文件库中），请向报送单位索取。',
  'out.location': '📍 位置：{latitude}, {longitude} {link}',
  // A line already in the person's language, kept to be sent again (a reply a dropped connection cut off).
  'out.verbatim': '{text}',
};

export const en: Record<keyof typeof zh, string> = {
  'out.fileMissing': '⚠️ The attachment "{name}" could not be attached (it is no longer in the file store); ask the reporting unit for it.',
  'out.location': '📍 Location: {latitude}, {longitude} {link}',
  'out.verbatim': '{text}',
};
