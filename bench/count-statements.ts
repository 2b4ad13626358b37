/**
 * Preloaded into the app process by bench/intake.ts (`node --import tsx --import ./bench/count-statements.ts`):
 * counts every statement any pg client of the process sends (pool queries, transactions, the
 * listener, jobs) and prints the count to stderr on SIGUSR2 as `GZ_STATEMENTS <n> <cpu µs>`,
 * with the process's own CPU time (process.cpuUsage) beside it.
 */
import pg from 'pg';

let n = 0;
const proto = pg.Client.prototype as any;
const query = proto.query;
proto.query = function (...args: unknown[]) {
  n++;
  return query.apply(this, args);
};
process.on('SIGUSR2', () => {
  const cpu = process.cpuUsage();
  process.stderr.write(`GZ_STATEMENTS ${n} ${cpu.user + cpu.system}\n`);
});
