import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { str, text } from './columns';

/**
 * Words per reader (issue 11): a language per user and per webhook (zh-CN by default), the English
 * text beside the zh-CN one on alerts, their conditions and notifications, and a device's English
 * name beside its name. Rows from before keep their zh-CN text, which then serves both languages.
 */
export class LocaleWording1765000002000 implements MigrationInterface {
  name = 'LocaleWording1765000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('app_user', new TableColumn({ ...str('locale', 8), default: "'zh-CN'" }));
    await q.addColumn('webhook', new TableColumn({ ...str('locale', 8), default: "'zh-CN'" }));
    await q.addColumn('alert', new TableColumn(text('message_en', true)));
    await q.addColumn('alert_condition', new TableColumn(text('message_en', true)));
    await q.addColumn('notification', new TableColumn(text('title_en', true)));
    await q.addColumn('notification', new TableColumn(text('text_en', true)));
    await q.addColumn('device', new TableColumn(str('name_en', 200, true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('device', 'name_en');
    await q.dropColumn('notification', 'text_en');
    await q.dropColumn('notification', 'title_en');
    await q.dropColumn('alert_condition', 'message_en');
    await q.dropColumn('alert', 'message_en');
    await q.dropColumn('webhook', 'locale');
    await q.dropColumn('app_user', 'locale');
  }
}
