"""The word tokenizer shared with src/compress/text/scorers/onnx.ts (keep the two in sync):
tokens are ASCII words with inner apostrophes, digit runs, or single other non-space characters; words are
lowercased; digit runs map to <num>; anything outside the vocabulary maps to <unk>."""
import re

TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*|[0-9]+|[^\sA-Za-z0-9]")
SPECIALS = ['<pad>', '<bos>', '<eos>', '<unk>', '<num>']
PAD, BOS, EOS, UNK, NUM = range(5)


def tokens(text):
    return [m.group(0) for m in TOKEN.finditer(text.replace('\u2019', "'"))]


def encode(text, index):
    out = []
    for tok in tokens(text):
        if tok[0].isdigit():
            out.append(NUM)
        else:
            out.append(index.get(tok.lower(), UNK))
    return out
