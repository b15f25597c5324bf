import { run } from './main.ts';

// KafkaJS arms a negative timer when idle, which Node 24 warns about; that warning means nothing.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning')
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
});
process.exit(await run(process.argv.slice(2)));
