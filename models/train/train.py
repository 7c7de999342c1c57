"""Trains the cloze word model on corpus/train.txt; reproducible (fixed seeds, fixed step count, 1 thread).
Usage: OMP_NUM_THREADS=1 python3 train.py [steps] [stop]  (stop: end after that step's checkpoint; the LR schedule
still spans `steps`, so `train.py 2800 2000` reproduces the shipped model)   → out/model.pt, out/vocab.json, out/log.txt"""
import collections, json, math, os, random, sys, time
import torch
import torch.nn.functional as F
from model import Cloze, MAX_T
from vocab import SPECIALS, BOS, EOS, encode, tokens

ROOT = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(ROOT, 'out')
VOCAB = 6144
WIN = MAX_T - 2
BATCH = 32
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
STOP = int(sys.argv[2]) if len(sys.argv) > 2 else STEPS
SEED = 1234


def build_vocab(lines):
    counts = collections.Counter()
    for line in lines:
        for tok in tokens(line):
            if not tok[0].isdigit():
                counts[tok.lower()] += 1
    # Sort by count then word so ties are broken the same way everywhere.
    words = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: VOCAB - len(SPECIALS)]
    return SPECIALS + [w for w, _ in words]


def stream(lines, index):
    ids = []
    for line in lines:
        ids.extend(encode(line, index))
        ids.append(EOS)  # paragraph boundary
    return torch.tensor(ids, dtype=torch.long)


def batch(data, rng, n):
    starts = [rng.randrange(0, len(data) - WIN) for _ in range(n)]
    x = torch.stack([data[s : s + WIN] for s in starts])
    bos = torch.full((n, 1), BOS, dtype=torch.long)
    eos = torch.full((n, 1), EOS, dtype=torch.long)
    return torch.cat([bos, x, eos], dim=1)


def evaluate(model, data):
    """Cloze perplexity over consecutive windows of the held-out stream (every word scored once)."""
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for s in range(0, len(data) - WIN, WIN * 16):
            xs = [data[s + i * WIN : s + (i + 1) * WIN] for i in range(16) if s + (i + 1) * WIN <= len(data)]
            x = torch.stack(xs)
            x = torch.cat([torch.full((len(xs), 1), BOS), x, torch.full((len(xs), 1), EOS)], dim=1)
            lg = model.logits(x)
            total += F.cross_entropy(lg.reshape(-1, lg.size(-1)), x[:, 1:-1].reshape(-1), reduction='sum').item()
            count += x[:, 1:-1].numel()
    model.train()
    return math.exp(total / count)


def main():
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    os.makedirs(OUT, exist_ok=True)
    train_lines = open(os.path.join(ROOT, 'corpus/train.txt')).read().splitlines()
    valid_lines = open(os.path.join(ROOT, 'corpus/valid.txt')).read().splitlines()
    vocab = build_vocab(train_lines)
    index = {w: i for i, w in enumerate(vocab)}
    json.dump(vocab, open(os.path.join(OUT, 'vocab.json'), 'w'))
    train, valid = stream(train_lines, index), stream(valid_lines, index)
    model = Cloze(len(vocab))
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, betas=(0.9, 0.98), weight_decay=0.01)
    warm = 200
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * 0.5 * (1 + math.cos(math.pi * min(1.0, s / STEPS))))
    log = open(os.path.join(OUT, 'log.txt'), 'w')
    print(f'params {params} vocab {len(vocab)} train_tokens {len(train)} valid_tokens {len(valid)} steps {STEPS}',
          file=log, flush=True)
    t0 = time.time()
    for step in range(1, STEPS + 1):
        x = batch(train, rng, BATCH)
        lg = model.logits(x)
        loss = F.cross_entropy(lg.reshape(-1, lg.size(-1)), x[:, 1:-1].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % 100 == 0:
            el = time.time() - t0
            print(f'step {step} loss {loss.item():.3f} tok/s {step * BATCH * WIN / el:.0f} elapsed {el:.0f}s',
                  file=log, flush=True)
        if step % 1000 == 0 or step == STEPS:
            ppl = evaluate(model, valid)
            print(f'step {step} valid_ppl {ppl:.1f}', file=log, flush=True)
            torch.save(model.state_dict(), os.path.join(OUT, 'model.pt'))
        if step == STOP:
            break
    json.dump({'params': params, 'vocab': len(vocab), 'steps': STEPS, 'stopped_at': step, 'batch': BATCH, 'window': WIN,
               'train_tokens': len(train), 'valid_tokens': len(valid), 'valid_ppl': evaluate(model, valid),
               'seconds': round(time.time() - t0)}, open(os.path.join(OUT, 'train.json'), 'w'), indent=1)


if __name__ == '__main__':
    main()
