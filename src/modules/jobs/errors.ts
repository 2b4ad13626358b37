import { defineErrors } from '../../core/http/errors.js';

defineErrors({
  job_not_found: { status: 404, zh: '任务 {id} 不存在。', en: 'Job {id} does not exist.' },
  job_no_file: { status: 404, zh: '任务 {id} 没有可下载的文件（未完成，或文件已过期清理）。', en: 'Job {id} has no file to download (not finished, or the file has expired).' },
  jobs_busy: { status: 429, zh: '您已有 {max} 个任务正在进行，请等其完成后再试。', en: 'You already have {max} jobs running; try again when one has finished.' },
  job_interrupted: { status: 500, zh: '任务因服务重启而中断，未写入任何数据，请重新发起。', en: 'The job was interrupted by a restart of the service; nothing was written. Start it again.' },
  job_failed: { status: 500, zh: '任务执行出错（请求编号 {requestId}），未写入任何数据。', en: 'The job failed (request {requestId}); nothing was written.' },
});
