"""Bidirectional cloze word model: two small causal transformers (left-to-right and right-to-left) whose states on
either side of a word predict that word. One pass gives log p(word | left context, right context) for every word:
how predictable a word is from both sides is the signal for "droppable"."""
import math
import torch
from torch import nn
import torch.nn.functional as F

MAX_T = 130  # window of 128 words + <bos> + <eos>


class Block(nn.Module):
    def __init__(self, d, heads, ff):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.ff1 = nn.Linear(d, ff)
        self.ff2 = nn.Linear(ff, d)

    def forward(self, x, mask):
        b, t, d = x.size(0), x.size(1), x.size(2)
        h = self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q = q.reshape(b, t, h, d // h).transpose(1, 2)
        k = k.reshape(b, t, h, d // h).transpose(1, 2)
        v = v.reshape(b, t, h, d // h).transpose(1, 2)
        att = torch.softmax(q @ k.transpose(2, 3) * (1.0 / math.sqrt(d // h)) + mask, dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.ff2(F.gelu(self.ff1(self.ln2(x))))


class Cloze(nn.Module):
    def __init__(self, vocab, d=128, heads=4, ff=512, layers=2):
        super().__init__()
        self.emb = nn.Embedding(vocab, d)
        self.pos_f = nn.Embedding(MAX_T, d)
        self.pos_b = nn.Embedding(MAX_T, d)
        self.fwd = nn.ModuleList([Block(d, heads, ff) for _ in range(layers)])
        self.bwd = nn.ModuleList([Block(d, heads, ff) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)
        self.ln_b = nn.LayerNorm(d)
        self.mix = nn.Linear(2 * d, d)
        self.ln_o = nn.LayerNorm(d)
        self.bias = nn.Parameter(torch.zeros(vocab))
        causal = torch.full((MAX_T, MAX_T), float('-inf')).triu(1)
        self.register_buffer('causal', causal, persistent=False)
        nn.init.normal_(self.emb.weight, std=0.02)

    def logits(self, ids):
        """ids [B, T] with <bos> first and <eos> last → logits [B, T-2, V] for the words in between."""
        t = ids.size(1)
        mask = self.causal[:t, :t]
        pos = torch.arange(t, device=ids.device)
        rev = torch.arange(t - 1, -1, -1, device=ids.device)
        f = self.emb(ids) + self.pos_f(pos)
        b = self.emb(ids[:, rev]) + self.pos_b(pos)
        for blk in self.fwd:
            f = blk(f, mask)
        for blk in self.bwd:
            b = blk(b, mask)
        f = self.ln_f(f)
        b = self.ln_b(b)[:, rev]
        feat = torch.cat([f[:, : t - 2], b[:, 2:]], dim=2)
        feat = self.ln_o(F.gelu(self.mix(feat)))
        return feat @ self.emb.weight.t() + self.bias


class Export(nn.Module):
    """ONNX graph: ids int64 [1, T] → log-prob of each actual word (positions 1..T-2), float32 [1, T-2]."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, ids):
        lp = torch.log_softmax(self.model.logits(ids), dim=-1)
        return lp.gather(2, ids[:, 1:-1].unsqueeze(2)).squeeze(2)
