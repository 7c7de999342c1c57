"""Exports out/model.pt to ../prose/model.onnx (opset 14, fp32) with its tokenizer.json and config.json, checks that
ONNX has the same graph inputs/outputs, and prints sha256/size for MANIFEST.json."""
import hashlib, json, os
import onnx
import torch
from model import Cloze, Export, MAX_T
from vocab import BOS, EOS, UNK, NUM

ROOT = os.path.dirname(os.path.abspath(__file__))
DST = os.path.join(os.path.dirname(ROOT), 'prose')


def main():
    torch.manual_seed(0)
    vocab = json.load(open(os.path.join(ROOT, 'out/vocab.json')))
    model = Cloze(len(vocab))
    model.load_state_dict(torch.load(os.path.join(ROOT, 'out/model.pt')))
    model.eval()
    os.makedirs(DST, exist_ok=True)
    ids = torch.tensor([[BOS, 10, 20, 30, 40, EOS]])
    path = os.path.join(DST, 'model.onnx')
    torch.onnx.export(Export(model), (ids,), path, opset_version=14, input_names=['ids'], output_names=['logp'],
                      dynamic_axes={'ids': {1: 'T'}, 'logp': {1: 'W'}}, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    json.dump({'type': 'headroom-words-v1', 'window': MAX_T - 2, 'vocab': vocab,
               'specials': {'bos': BOS, 'eos': EOS, 'unk': UNK, 'num': NUM}},
              open(os.path.join(DST, 'tokenizer.json'), 'w'), separators=(',', ':'))
    train = json.load(open(os.path.join(ROOT, 'out/train.json'))) if os.path.exists(os.path.join(ROOT, 'out/train.json')) else {}
    json.dump({'architecture': 'bidirectional cloze: 2+2 causal transformer layers, d_model 128, 4 heads, ff 512',
               'output': 'log p(word | both sides) per word, natural log', 'opset': 14, 'window': MAX_T - 2, **train},
              open(os.path.join(DST, 'config.json'), 'w'), indent=1)
    for f in ['model.onnx', 'tokenizer.json', 'config.json']:
        b = open(os.path.join(DST, f), 'rb').read()
        print(f, len(b), hashlib.sha256(b).hexdigest())
    # Reference output for the parity test in test/compress/text (same ids through torch).
    with torch.no_grad():
        ref = Export(model)(torch.tensor([[BOS, 7, 11, 13, 17, 19, EOS]]))
    print('parity', ref.tolist())


if __name__ == '__main__':
    main()
