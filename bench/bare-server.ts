// The baseline for the launch benchmark: a bare Express route in its own process.
import express from 'express';

const app = express();
app.get('/bare', (_req, res) => {
  res.type('text').send('ok');
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
