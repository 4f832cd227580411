import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMpiId, mpiAlphabet, newMpiId, parseMpiId } from '../../../electron/core/mpi/mpi-id';

test('new MPI IDs are MPI- + 9 unambiguous characters and pass their own check', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const id = newMpiId();
    assert.match(id, /^MPI-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{9}$/);
    assert.equal(parseMpiId(id), id);
    assert.ok(isMpiId(id));
    seen.add(id);
  }
  assert.equal(seen.size, 2000);
  for (const ambiguous of ['0', 'O', '1', 'I', 'L']) assert.ok(!mpiAlphabet.includes(ambiguous));
});

test('every single-character error and every adjacent swap is caught', () => {
  for (let n = 0; n < 200; n++) {
    const id = newMpiId();
    const body = id.slice(4);
    for (let i = 0; i < body.length; i++) {
      for (const ch of mpiAlphabet) {
        if (ch === body[i]) continue;
        const typo = body.slice(0, i) + ch + body.slice(i + 1);
        assert.equal(parseMpiId(`MPI-${typo}`), null, `${id} → MPI-${typo} was accepted`);
      }
      if (i + 1 < body.length && body[i] !== body[i + 1]) {
        const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2);
        assert.equal(parseMpiId(`MPI-${swapped}`), null, `${id} → MPI-${swapped} was accepted`);
      }
    }
  }
});

test('IDs are read as people type them; malformed ones are refused', () => {
  const id = newMpiId();
  const body = id.slice(4);
  assert.equal(parseMpiId(`mpi ${body.slice(0, 4).toLowerCase()}-${body.slice(4)}`), id);
  assert.equal(parseMpiId(body), id);
  for (const bad of ['', 'MPI-', 'MPI-123', `MPI-${body}X`, 'MPI-0O1IL2345', `${id}!`, 'hello world']) {
    assert.equal(parseMpiId(bad), null, bad);
  }
  assert.equal(isMpiId(id.toLowerCase()), false, 'isMpiId wants the canonical form');
});
