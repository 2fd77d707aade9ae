// The test harness itself: a CLI that hangs must fail its test, not hang the worker.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tmp } from '../helpers.js';

describe('runCli', () => {
  it('ends a CLI blocked on a FIFO that catches SIGTERM (SIGKILL after the grace), and throws', () => {
    const home = tmp();
    const fifo = join(home, 'deck.md');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // What llm-quiz does: a SIGTERM handler that runs on the event loop, and a synchronous read
    // (a deck named *.md that is a FIFO, with no writer: open() blocks in the kernel).
    const stuck = join(home, 'stuck.js');
    writeFileSync(
      stuck,
      `process.on('SIGTERM', () => process.exit(143));\nrequire('node:fs').readFileSync(${JSON.stringify(fifo)});\n`,
    );
    const t0 = performance.now();
    expect(() => runCli([], { home, bin: stuck, timeoutMs: 1_000 })).toThrow(
      /timed out after 1 s \(SIGTERM was ignored, ended by SIGKILL\)/,
    );
    // 1 s, then 1 s of grace (the grace is at most the limit), then SIGKILL: not 30 s, not forever.
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('a CLI that honours SIGTERM is ended by it, and that is a failure too', () => {
    const home = tmp();
    const slow = join(home, 'slow.js');
    writeFileSync(slow, "process.on('SIGTERM', () => process.exit(143));\nsetInterval(() => {}, 1000);\n");
    expect(() => runCli([], { home, bin: slow, timeoutMs: 1_000 })).toThrow(/timed out after 1 s \(ended by SIGTERM\)/);
  });

  it('a CLI that ends in time gives its exit code and output', () => {
    const home = tmp();
    const quick = join(home, 'quick.js');
    writeFileSync(quick, "process.stdout.write('out'); process.stderr.write('err'); process.exit(3);\n");
    expect(runCli([], { home, bin: quick, timeoutMs: 5_000 })).toEqual({ code: 3, stdout: 'out', stderr: 'err' });
  });
});
